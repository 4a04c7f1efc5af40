#!/usr/bin/env node
// Case 38 (F): an entry file that starts with a shebang line. The bundle must keep it as its
// first line and the program must run unchanged.
import { readFileSync } from 'node:fs';
import { greet } from './greet';

function main(argv: string[]) {
  const firstLine = readFileSync(process.argv[1], 'utf8').split('\n')[0];
  console.log('first line of the running file:', JSON.stringify(firstLine));
  console.log(greet('shebang'), 'extra args:', argv.length);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
