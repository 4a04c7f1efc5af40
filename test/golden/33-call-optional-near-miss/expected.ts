import * as http from 'node:http';

export function maybe(mod: typeof http | undefined) {
  const h = mod ? http : undefined;
  void h;
  return http?.request('http://localhost/');
}

export function viaOptionalCall() {
  return http.request?.('http://localhost/');
}
