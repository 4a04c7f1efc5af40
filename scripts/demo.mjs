#!/usr/bin/env node
// `npm run demo`: build the sample orders service with `instts build`, show what each rule
// instrumented, then run the built service on loopback and show the hooks at work.

import { spawn, execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demo = path.join(root, 'fixtures/demo');
const cli = path.join(root, 'bin/instts.js');
const rules = ['--rules', 'rules/orders.json'];

function heading(text) {
  console.log(`\n\x1b[1m== ${text}\x1b[0m`);
}

function run(args) {
  console.log(`$ instts ${args.join(' ')}`);
  process.stdout.write(execFileSync(process.execPath, [cli, ...args], { cwd: demo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
}

heading('1. What the rules match (instts inspect)');
run(['inspect', ...rules]);

heading('2. Build: type-check, instrument, bundle (instts build)');
run(['build', ...rules, '--outfile', 'dist/server.js', '--pretty', 'false']);

heading('3. Run the built service on 127.0.0.1 and call it');
const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server.js'], { cwd: demo, stdio: ['ignore', 'pipe', 'inherit'] });
const stop = () => child.kill('SIGTERM');
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});
const timer = setTimeout(() => {
  console.error('demo: the service did not answer in time');
  stop();
  process.exit(1);
}, 15_000);

let buffered = '';
const port = await new Promise((resolve) => {
  child.stdout.on('data', (chunk) => {
    const text = chunk.toString();
    process.stdout.write(`  service | ${text.trimEnd().split('\n').join('\n  service | ')}\n`);
    buffered += text;
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(buffered);
    if (m) resolve(Number(m[1]));
  });
});

for (const query of ['item=tea&quantity=2', 'item=coffee&quantity=2', 'item=tea&quantity=5']) {
  const response = await fetch(`http://127.0.0.1:${port}/orders?${query}`, { method: 'POST' });
  console.log(`POST /orders?${query} → ${response.status} ${(await response.text()).trim()}`);
  await new Promise((r) => setTimeout(r, 20)); // let the service's log lines arrive first
}

clearTimeout(timer);
stop();
await new Promise((resolve) => child.once('exit', resolve));
console.log('\nThe source files in fixtures/demo/src were not changed; the hooks came from rules/orders.json.');
