// Folder-level layering, which ESLint's per-file cycle rule cannot see: no two folders of src/
// import each other in a cycle (e.g. runtime/actions → runtime/http → runtime/actions).
// Imports are listed with TypeScript's own pre-processor; type-only imports count too, since a
// folder that needs another's types depends on it.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(c|m)?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.ts'))
      yield path;
  }
}

const folderOf = (file) => relative(src, dirname(file)) || '.';
/** folder → folder → one file-level import that makes the edge, for the message */
const edges = new Map();
for (const file of sourceFiles(src)) {
  const from = folderOf(file);
  for (const ref of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
    if (!ref.fileName.startsWith('.')) continue;
    const target = resolve(dirname(file), ref.fileName);
    const to = folderOf(target);
    if (to === from || to.startsWith('..')) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${relative(root, file)} → ${ref.fileName}`);
  }
}

// A folder and the folders inside it are one unit only when one contains the other: an import from
// runtime/http to runtime (its parent) is ordinary, and so is runtime → runtime/http.
const related = (a, b) => a === '.' || b === '.' || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

// Tarjan's strongly connected components over the folder graph.
let index = 0;
const stack = [];
const info = new Map();
const cycles = [];
function visit(v) {
  info.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (related(v, w)) continue;
    if (!info.has(w)) {
      visit(w);
      info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
    } else if (info.get(w).onStack) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
  }
  if (info.get(v).low === info.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component);
  }
}
for (const v of edges.keys()) if (!info.has(v)) visit(v);

if (cycles.length === 0) {
  console.log(`check-layers: no folder cycles among ${edges.size} folders of src/`);
} else {
  for (const component of cycles) {
    console.error(`check-layers: folders import each other in a cycle: ${component.sort().join(', ')}`);
    for (const a of component)
      for (const [b, why] of edges.get(a) ?? [])
        if (component.includes(b) && !related(a, b)) console.error(`  ${a} → ${b}: ${why}`);
  }
  process.exitCode = 1;
}
