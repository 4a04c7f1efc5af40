// `instts inspect` output: per rule, each matched join point and each near-miss with its reason.

import path from 'node:path';
import type { BuildConfig } from '../config/types.js';
import { loadedOutside, type BuildOutcome } from '../emit/build.js';
import type { FileRecord } from '../emit/plugin.js';
import { describeJoinPoint, type JoinPoint } from '../front/index.js';
import type { CompiledRule } from '../rules/types.js';
import { isBuiltinRule } from '../rules/load.js';
import { ruleKind, selectsFiles } from '../rules/kinds/index.js';
import { plural } from '../diagnostics.js';

interface Row {
  file: string;
  line: number;
  column: number;
  class: string | undefined;
  function: string;
  kind: string;
  reason?: string;
}

function describe(jp: JoinPoint, file: FileRecord, config: BuildConfig): Row {
  const shown =
    file.moduleInfo.module === '.'
      ? path.relative(config.cwd, file.path)
      : `${file.moduleInfo.module}/${file.moduleInfo.relativePath}`;
  return {
    file: shown,
    line: jp.line,
    column: jp.column,
    ...describeJoinPoint(jp),
  };
}

function rowsByRule(config: BuildConfig, outcome: BuildOutcome): Map<string, { matches: Row[]; nearMisses: Row[] }> {
  const byRule = new Map<string, { matches: Row[]; nearMisses: Row[] }>();
  const slot = (id: string) => {
    let s = byRule.get(id);
    if (!s) byRule.set(id, (s = { matches: [], nearMisses: [] }));
    return s;
  };
  for (const file of outcome.stats.files) {
    for (const m of file.front.matches)
      for (const rule of m.rules) slot(rule.id).matches.push(describe(m.joinPoint, file, config));
    for (const n of file.front.nearMisses)
      slot(n.rule.id).nearMisses.push({ ...describe(n.joinPoint, file, config), reason: n.reason });
  }
  return byRule;
}

function selector(rule: CompiledRule): string {
  const where = rule.module === '.' ? 'project' : `${rule.module}${rule.version ? `@${rule.version}` : ''}`;
  const file = rule.file ? ` file ${rule.file}` : '';
  return ruleKind(rule).describe(rule, `${where}${file}`);
}

export function renderInspect(
  config: BuildConfig,
  rules: CompiledRule[],
  outcome: BuildOutcome,
  strict: boolean,
): string {
  const byRule = rowsByRule(config, outcome);
  const lines: string[] = [];
  const name = (r: Row) => `${r.class ? `${r.class}.` : ''}${r.function}`;
  for (const rule of rules) {
    const rows = byRule.get(rule.id) ?? { matches: [], nearMisses: [] };
    const at = `${path.relative(config.cwd, rule.location.file)}:${rule.location.line}`;
    lines.push(`rule ${rule.id}  (${at})  ${selector(rule)}`);
    if (!selectsFiles(rule)) {
      lines.push(`  entry points: ${config.entries.map((e) => path.relative(config.cwd, e)).join(', ')}`);
    } else if (rows.matches.length === 0) {
      lines.push(
        isBuiltinRule(rule)
          ? `  no match in this program${uncoveredVersion(rule, outcome)}`
          : `  ${strict ? 'error' : 'warning'}: matched nothing`,
      );
    }
    const width = Math.max(0, ...[...rows.matches, ...rows.nearMisses].map((r) => `${r.file}:${r.line}`.length));
    const nameWidth = Math.max(0, ...[...rows.matches, ...rows.nearMisses].map((r) => name(r).length));
    for (const r of rows.matches)
      lines.push(`  match  ${`${r.file}:${r.line}`.padEnd(width)}  ${name(r).padEnd(nameWidth)}  ${r.kind}`);
    for (const r of rows.nearMisses)
      lines.push(`  skip   ${`${r.file}:${r.line}`.padEnd(width)}  ${name(r).padEnd(nameWidth)}  ${r.reason}`);
    lines.push('');
  }
  for (const p of outcome.loadTime?.packages ?? []) {
    lines.push(
      `at load time  ${p.name}@${p.version ?? '?'}  ${plural(p.files, 'file')}, ${plural(p.joinPoints, 'join point')}${p.esModules > 0 ? `  (${plural(p.esModules, 'ES module file')}: needs node --import ${path.relative(config.cwd, outcome.loadTime!.startModule)} when imported statically)` : ''}`,
    );
  }
  for (const rule of rules) {
    const why = /\(not applied: (.*)\)$/.exec(
      outcome.warnings.find((w) => w.message.startsWith(`rule '${rule.id}' `))?.message ?? '',
    );
    if (why) lines.push(`not applied   ${rule.id}: ${why[1]}`);
  }
  if (outcome.loadTime) lines.push('');
  const s = outcome.stats;
  lines.push(
    `${plural(s.filesParsed, 'file')} parsed, ${s.filesSkipped} skipped by the pre-filter, ${plural(s.joinPoints, 'join point')} would be instrumented`,
  );
  return lines.join('\n') + '\n';
}

export function inspectJson(config: BuildConfig, rules: CompiledRule[], outcome: BuildOutcome): unknown {
  const byRule = rowsByRule(config, outcome);
  return {
    rules: rules.map((rule) => ({
      id: rule.id,
      type: rule.type,
      location: { ...rule.location, file: path.relative(config.cwd, rule.location.file) },
      selector: selector(rule),
      matches: byRule.get(rule.id)?.matches ?? [],
      nearMisses: byRule.get(rule.id)?.nearMisses ?? [],
    })),
    files: {
      loaded: outcome.stats.filesLoaded,
      parsed: outcome.stats.filesParsed,
      skippedByPrefilter: outcome.stats.filesSkipped,
    },
    joinPoints: outcome.stats.joinPoints,
    loadTime: outcome.loadTime
      ? { packages: outcome.loadTime.packages, startModule: path.relative(config.cwd, outcome.loadTime.startModule) }
      : undefined,
    warnings: outcome.warnings.map((w) => w.message),
  };
}

/** For a built-in rule: the build loads its package, in a version outside the rule's range. */
function uncoveredVersion(rule: CompiledRule, outcome: BuildOutcome): string {
  if (rule.module === '.' || rule.module === '*' || rule.version === undefined) return '';
  const version = loadedOutside(outcome.stats, rule.module, rule.version);
  return version === undefined
    ? ''
    : ` (this build loads ${rule.module}@${version}, outside the rule's ${rule.version})`;
}
