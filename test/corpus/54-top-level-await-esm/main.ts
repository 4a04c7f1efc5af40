// Top-level await (derived case, ES modules only): a dependency awaits during evaluation and the
// importer waits for it; the entry awaits too, including `for await` and a caught rejection.
import { order } from './order';
import { config, retries } from './config';

order.push('main start');
async function* ticks() {
  for (let i = 0; i < 3; i++) {
    await null;
    yield i;
  }
}

const first = await Promise.resolve('awaited value');
const seen: number[] = [];
for await (const t of ticks()) seen.push(t);
let failure = 'none';
try {
  await Promise.reject(new Error('top-level rejection'));
} catch (e) {
  failure = (e as Error).message;
}
order.push('main end');
console.log('order:', order.join(' -> '));
console.log('config:', JSON.stringify(config), retries());
console.log('awaited:', first, seen.join(','), failure);
