import { order } from './order';
order.push('config start');
async function loadConfig() {
  await new Promise((resolve) => setImmediate(resolve));
  return { region: 'eu', retries: 3 };
}
export const config = await loadConfig();
order.push('config end');
export function retries() {
  return config.retries;
}
