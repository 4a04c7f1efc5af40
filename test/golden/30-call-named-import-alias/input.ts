import { request as r, get } from 'http';

export function send() {
  const req = r('http://localhost/', { method: 'POST' });
  get('http://localhost/');
  return req;
}
