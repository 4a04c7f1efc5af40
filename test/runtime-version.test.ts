import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { RUNTIME_VERSION } from '../src/runtime/version.js';
import { ROOT } from './cli-helpers.js';

it("the run-time version is package.json's (update src/runtime/version.ts with the version)", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(RUNTIME_VERSION).toBe(pkg.version);
});
