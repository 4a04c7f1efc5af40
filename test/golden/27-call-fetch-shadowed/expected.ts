function fetch(url: string) {
  return url.length;
}

export function load(url: string) {
  return fetch(url);
}
