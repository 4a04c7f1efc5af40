// Package files rewritten for load time, kept between builds in node_modules/.cache/instts/rewrites/:
// the key is the file's content and module (name, version, path: what rules select on), the
// rule set and the instts version, so a hit is exactly what a rewrite would produce. A file
// system that cannot be written only means no cache.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ModuleInfo } from '../front/index.js';
import type { CompiledRule } from '../rules/types.js';
import { PACKAGE_VERSION } from '../version.js';

export interface CachedRewrite {
  /** The rewritten text; null when no join point matched. */
  code: string | null;
  perRule: Array<[string, number]>;
}

export class RewriteCache {
  private constructor(
    private dir: string | undefined,
    private readonly ruleSet: string,
  ) {}

  /** The cache for a project's build with these rules (none when there is no node_modules). */
  static open(projectRoot: string, rules: readonly CompiledRule[]): RewriteCache {
    let dir: string | undefined;
    for (let current = path.resolve(projectRoot); ; current = path.dirname(current)) {
      if (fs.existsSync(path.join(current, 'node_modules'))) {
        dir = path.join(current, 'node_modules', '.cache', 'instts', 'rewrites');
        break;
      }
      if (path.dirname(current) === current) break;
    }
    // Functions (matchers) drop out of JSON; what they were compiled from stays.
    const ruleSet = createHash('sha256')
      .update(PACKAGE_VERSION)
      .update('\0')
      .update(JSON.stringify(rules))
      .digest('hex');
    return new RewriteCache(dir, ruleSet);
  }

  key(text: string, info: ModuleInfo): string {
    return createHash('sha256')
      .update(this.ruleSet)
      .update('\0')
      .update(`${info.module}@${info.version ?? ''}/${info.relativePath}`)
      .update('\0')
      .update(text)
      .digest('hex');
  }

  get(key: string): CachedRewrite | undefined {
    if (this.dir === undefined) return undefined;
    try {
      return JSON.parse(fs.readFileSync(path.join(this.dir, key.slice(0, 2), `${key}.json`), 'utf8')) as CachedRewrite;
    } catch {
      return undefined;
    }
  }

  set(key: string, value: CachedRewrite): void {
    if (this.dir === undefined) return;
    const file = path.join(this.dir, key.slice(0, 2), `${key}.json`);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(temporary, JSON.stringify(value));
      fs.renameSync(temporary, file);
    } catch {
      this.dir = undefined; // read-only or full: build on without the cache
      fs.rmSync(temporary, { force: true });
    }
  }
}
