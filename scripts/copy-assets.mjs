// Part of `npm run build`: tsc compiles the instrumentations' hooks; this copies the JSON that
// lives beside them (each folder's rules.json, the set list) into dist/, where the rules name
// their compiled hook modules relative to themselves.
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src', 'instrumentations');
const to = join(root, 'dist', 'instrumentations');

function copyJson(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const source = join(dir, entry.name);
    if (entry.isDirectory()) copyJson(source);
    else if (entry.name.endsWith('.json')) {
      const target = join(to, relative(from, source));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(source, target);
    }
  }
}
copyJson(from);
