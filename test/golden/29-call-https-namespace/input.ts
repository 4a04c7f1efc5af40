import * as https from 'https';

export function get(url: string) {
  return https
    .get(url, (res) => res.resume())
    .on('error', () => {});
}
