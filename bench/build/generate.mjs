// Writes a TypeScript project of N source files shaped like a service's code base: one class per
// file with a constructor, methods (sync, async, a getter) and arrow callbacks, exported arrow and
// plain functions, imports between files (a tree rooted at the entry point, so a bundler reaches
// every file, plus shared utilities), and lodash in one file out of ten.
//
// Every file has the same 10 named functions (and 4 anonymous arrows); the rule for "10 %
// matched" selects the methods named `load`, one named function in ten and one join point in 14.

import fs from 'node:fs';
import path from 'node:path';

const FILES_PER_FOLDER = 100;
const CHILDREN = 3;

/** The share-of-functions rule: every `load` method (1 per file). */
export const TEN_PERCENT_FUNCTION = 'load';

function folderOf(i) {
  return `m${Math.floor(i / FILES_PER_FOLDER)}`;
}

function importPath(from, to) {
  const rel = path.posix.relative(path.posix.dirname(from), to);
  return (rel.startsWith('.') ? rel : `./${rel}`).replace(/\.ts$/, '.js');
}

function sourceFile(i, count) {
  const self = `src/${folderOf(i)}/f${i}.ts`;
  const children = [];
  for (let c = 1; c <= CHILDREN; c++) if (i * CHILDREN + c < count) children.push(i * CHILDREN + c);
  const imports = children.map(
    (c) => `import { Entity${c}, make${c}, score${c} } from '${importPath(self, `src/${folderOf(c)}/f${c}.ts`)}';`,
  );
  imports.push(`import { clamp, formatId, type Tagged } from '${importPath(self, 'src/shared/util.ts')}';`);
  const useLodash = i % 10 === 0;
  if (useLodash) imports.push(`import _ from 'lodash';`);
  const childUse = children
    .map(
      (c) =>
        `    const child${c} = make${c}(this.prefix + '/${c}');\n    total += child${c}.size + score${c}(child${c}.top(1)[0] ?? { id: 0, name: '', tags: [], score: 0 });`,
    )
    .join('\n');
  return `${imports.join('\n')}

export interface Record${i} extends Tagged {
  id: number;
  name: string;
  score: number;
}

export type Filter${i} = (record: Record${i}) => boolean;

/** Keeps the records of part ${i} and answers queries over them. */
export class Entity${i} {
  private readonly items: Record${i}[] = [];
  private nextId = ${i};

  constructor(private readonly prefix: string, private readonly limit = ${10 + (i % 50)}) {}

  add(name: string, score: number, tags: string[] = []): Record${i} {
    const record: Record${i} = { id: this.nextId++, name: \`\${this.prefix}:\${name}\`, score: clamp(score, 0, this.limit), tags };
    this.items.push(record);
    return record;
  }

  find(id: number): Record${i} | undefined {
    return this.items.find((r) => r.id === id);
  }

  filter(predicate: Filter${i}): Record${i}[] {
    return this.items.filter(predicate);
  }

  top(n: number): Record${i}[] {
    return [...this.items].sort((a, b) => b.score - a.score).slice(0, n);
  }

  async load(ids: number[]): Promise<Record${i}[]> {
    const found: Record${i}[] = [];
    for (const id of ids) {
      await Promise.resolve();
      const record = this.find(id);
      if (record) found.push(record);
    }
    return found;
  }

  get size(): number {
    return this.items.length;
  }

  describe(): string {
    ${useLodash ? `const groups = _.groupBy(this.items, (r: Record${i}) => r.tags[0] ?? 'none');\n    return Object.keys(groups).map((k) => \`\${k}=\${groups[k].length}\`).join(',');` : `return this.items.map((r) => formatId(r.id)).join(',');`}
  }

  total(): number {
    let total = this.items.reduce((sum, r) => sum + r.score, 0);
${childUse}
    return total;
  }
}

export const score${i} = (record: Record${i}): number => record.score * ${(i % 7) + 1} + record.tags.length;

export const isHigh${i}: Filter${i} = (record) => record.score > ${i % 100};

export function make${i}(prefix: string): Entity${i} {
  const entity = new Entity${i}(prefix);
  entity.add('a', ${i % 13}, ['x']);
  entity.add('b', ${i % 17}, ['y', 'z']);
  return entity;
}
`;
}

const UTIL = `export interface Tagged {
  tags: string[];
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export const formatId = (id: number): string => \`#\${id.toString(36)}\`;
`;

// lodash ships no types and @types/lodash is not installed: a project would declare what it uses.
const LODASH_TYPES = `declare module 'lodash' {
  interface LoDashStatic {
    groupBy<T>(items: readonly T[], key: (item: T) => string): Record<string, T[]>;
    chunk<T>(items: readonly T[], size: number): T[][];
  }
  const _: LoDashStatic;
  export default _;
}
`;

const MAIN = `import { make0 } from './m0/f0.js';

const root = make0('root');
console.log(root.describe(), root.total());
`;

/**
 * Write the project under `dir`: package.json, tsconfig.json, src/main.ts, src/shared/util.ts,
 * src/types/lodash.d.ts and `count` part files. Returns the entry point and the file count.
 */
export function generateProject(dir, count) {
  fs.mkdirSync(path.join(dir, 'src', 'shared'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'src', 'types'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: `bench-project-${count}`, private: true, type: 'module', main: 'dist/main.js' }, null, 2),
  );
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: true,
          esModuleInterop: true,
          types: ['node'],
          rootDir: 'src',
          outDir: 'dist',
        },
        include: ['src'],
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(dir, 'src', 'main.ts'), MAIN);
  fs.writeFileSync(path.join(dir, 'src', 'shared', 'util.ts'), UTIL);
  fs.writeFileSync(path.join(dir, 'src', 'types', 'lodash.d.ts'), LODASH_TYPES);
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, 'src', folderOf(i));
    if (i % FILES_PER_FOLDER === 0) fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `f${i}.ts`), sourceFile(i, count));
  }
  return { entry: 'src/main.ts', files: count + 3 };
}
