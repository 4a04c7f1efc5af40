export async function load(url: string) {
  const res = await fetch(url, { method: 'GET' });
  const again = await globalThis.fetch(url);
  return [res.status, again.status];
}

export const noArgs = () => fetch<never>;
