import http from 'node:http';

export function ping(host: string) {
  const req = http.request({ host, path: '/' }, (res) => res.resume());
  req.end();
  return req;
}

export function notMatched() {
  return http.get('http://localhost/');
}
