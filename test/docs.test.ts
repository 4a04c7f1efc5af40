// What the README and the docs say about the CLI and rule files, checked against what instts
// does: the defaults named in the CLI reference, the messages quoted, the examples, the files named.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli-helpers.js';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The row of the README's CLI table for an option. */
function optionRow(option: string): string {
  const row = README.split('\n').find((line) => line.startsWith(`| \`${option}`));
  if (row === undefined) throw new Error(`README.md has no row for ${option}`);
  return row;
}

describe('README: CLI reference', () => {
  it('--entry: names every default, in the order the build tries them (with --no-bundle: every source file)', () => {
    const row = optionRow('--entry <file>');
    const order = ['config `entry`', 'with `--no-bundle`, every source file', 'package.json `bin`/`main`'].map((part) =>
      row.indexOf(part),
    );
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('-c: names every config file name the build looks for', () => {
    expect(optionRow('-c, --config <file>')).toContain('`instts.config.{ts,mts,mjs,js,json}` beside the tsconfig');
  });
});
