// The build report: `--report file.json` and the one-line summary.

import path from 'node:path';
import type { BuildConfig } from '../config/types.js';
import type { CompiledRule } from '../rules/types.js';
import { selectsFiles } from '../rules/kinds/index.js';
import { isBuiltinRule } from '../rules/load.js';
import type { BuildStats } from './plugin.js';
import { PACKAGE_VERSION } from '../version.js';
import { plural } from '../diagnostics.js';
import type { LoadTimePackage } from './load-time.js';
import { describeTypescript } from '../config/project-typescript.js';

export interface BuildReport {
  tool: 'instts';
  version: string;
  mode: 'bundle' | 'per-file';
  exitStatus: number;
  /** `fromCache`: package files whose load-time rewrite came from node_modules/.cache/instts/rewrites. */
  files: { loaded: number; parsed: number; skippedByPrefilter: number; fromCache: number };
  joinPoints: number;
  rules: Array<{
    id: string;
    type: CompiledRule['type'];
    file: string;
    line: number;
    matches: number;
    nearMisses: number;
  }>;
  /** Milliseconds per phase (front and inject are summed over files). */
  phasesMs: Record<string, number>;
  typecheck: { errors: number } | undefined;
  /** The TypeScript that type-checked the project, and how it ran (absent with --no-typecheck). */
  typescript:
    { version: string; kind: 'js-api' | 'native'; fromProject: boolean; path: string; description: string } | undefined;
  bundleErrors: number;
  /** Left out of the bundle: the configured list, and optional packages found not installed. */
  externals: { configured: string[]; optional: string[] };
  outputs: string[];
  /** Packages outside the output, instrumented for load time (absent: the build has none). */
  loadTime?: { packages: LoadTimePackage[] };
}

export function buildReport(
  config: BuildConfig,
  rules: CompiledRule[],
  stats: BuildStats,
  phases: Record<string, number>,
  extra: {
    outputs: string[];
    typeErrors: number;
    bundleErrors: number;
    exitStatus: number;
    optionalExternals?: string[];
  },
  loadTime?: { packages: LoadTimePackage[] },
): BuildReport {
  const nearMisses = new Map<string, number>();
  for (const file of stats.files)
    for (const n of file.front.nearMisses) nearMisses.set(n.rule.id, (nearMisses.get(n.rule.id) ?? 0) + 1);
  return {
    tool: 'instts',
    version: PACKAGE_VERSION,
    mode: config.bundle ? 'bundle' : 'per-file',
    exitStatus: extra.exitStatus,
    files: {
      loaded: stats.filesLoaded,
      parsed: stats.filesParsed,
      skippedByPrefilter: stats.filesSkipped,
      fromCache: stats.filesCached,
    },
    joinPoints: stats.joinPoints,
    rules: rules.map((r) => ({
      id: r.id,
      type: r.type,
      file: r.location.file,
      line: r.location.line,
      matches: stats.perRule.get(r.id) ?? 0,
      nearMisses: nearMisses.get(r.id) ?? 0,
    })),
    phasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v * 10) / 10])),
    typecheck: config.typecheck ? { errors: extra.typeErrors } : undefined,
    typescript: config.typecheck
      ? {
          version: config.typescript.version,
          kind: config.typescript.kind,
          fromProject: config.typescript.fromProject,
          path: config.typescript.packageDir,
          description: describeTypescript(config.typescript, config.projectRoot),
        }
      : undefined,
    bundleErrors: extra.bundleErrors,
    externals: { configured: config.external, optional: extra.optionalExternals ?? [] },
    outputs: extra.outputs.map((o) => path.relative(config.cwd, o)),
    ...(loadTime ? { loadTime: { packages: loadTime.packages } } : {}),
  };
}

export function summaryLine(config: BuildConfig, report: BuildReport, wrote: boolean): string {
  // The program's own rules are listed even at 0 (a rule that matched nothing is news); built-in
  // rules only where they matched: `instts:all` brings dozens of rules for libraries not in use.
  const listed = report.rules.filter(selectsFiles);
  const quietBuiltins = listed.filter((r) => r.matches === 0 && isBuiltinRule({ location: { file: r.file } })).length;
  const shown = listed
    .filter((r) => r.matches > 0 || !isBuiltinRule({ location: { file: r.file } }))
    .map((r) => `${r.id}: ${r.matches}`)
    .join(', ');
  const rest = quietBuiltins === 0 ? '' : `${plural(quietBuiltins, `${shown ? 'other ' : ''}built-in rule`)}: 0`;
  const perRule = [shown, rest].filter(Boolean).join('; ');
  const target = config.outfile ?? config.outDir;
  const where = wrote
    ? ` → ${path.relative(config.cwd, target) || '.'}`
    : config.noEmit
      ? ' (no emit)'
      : ' (nothing written)';
  return (
    `instts: ${plural(report.files.parsed, 'file')} parsed, ${report.files.skippedByPrefilter} skipped by the pre-filter, ` +
    `${plural(report.joinPoints, 'join point')} instrumented${perRule ? ` (${perRule})` : ''}${where} in ${Math.round(report.phasesMs.total ?? 0)} ms`
  );
}

const PHASE_LABELS: Record<string, string> = {
  typecheck: 'Type-check time',
  typecheckWait: 'Type-check wait',
  esbuild: 'esbuild time',
  front: 'Match time',
  inject: 'Rewrite time',
  write: 'Write time',
  total: 'Total time',
};

/** tsc's --extendedDiagnostics table, for instts's phases: `Name:   value` lines, right-aligned. */
export function timingTable(report: BuildReport): string {
  const rows: Array<[string, string]> = [
    ['Files loaded', String(report.files.loaded)],
    ['Files parsed', String(report.files.parsed)],
    ['Join points', String(report.joinPoints)],
  ];
  if (report.typescript) rows.push(['TypeScript', `${report.typescript.version} (${report.typescript.kind})`]);
  for (const [phase, label] of Object.entries(PHASE_LABELS)) {
    const ms = report.phasesMs[phase];
    if (ms !== undefined) rows.push([label, `${(ms / 1000).toFixed(2)}s`]);
  }
  const nameWidth = Math.max(...rows.map(([n]) => n.length)) + 1;
  const valueWidth = Math.max(...rows.map(([, v]) => v.length));
  return rows.map(([n, v]) => `${(n + ':').padEnd(nameWidth)} ${v.padStart(valueWidth)}\n`).join('');
}

/**
 * `--log-level verbose`, before the build: what a user debugging a build wants to see first —
 * which TypeScript, which tsconfig and config file, entries, output, and where the rules came from.
 */
export function verboseSettingsLines(config: BuildConfig, rules: CompiledRule[], parserVersion: string): string[] {
  const rel = (p: string) => path.relative(config.cwd, p) || '.';
  const ruleFiles = [...new Set(rules.map((r) => rel(r.location.file)))];
  return [
    `instts: TypeScript ${parserVersion} (instts's own) parses the sources for matching`,
    `instts: type-check: ${config.typecheck ? describeTypescript(config.typescript, config.projectRoot) : 'off (--no-typecheck)'}`,
    `instts: tsconfig: ${config.tsconfigPath ? rel(config.tsconfigPath) : 'none found (defaults)'}; rootDir ${rel(config.rootDir)}; ${config.fileNames.length} source file${config.fileNames.length === 1 ? '' : 's'}`,
    `instts: config file: ${config.configFile ? rel(config.configFile) : 'none'}`,
    `instts: entry points: ${config.entries.map(rel).join(', ') || 'none'}`,
    `instts: output: ${config.bundle ? 'bundle' : 'one file per source'}, ${config.format}, platform ${config.platform}, target ${config.target.join(',')} → ${rel(config.outfile ?? config.outDir)}`,
    `instts: rules: ${plural(rules.length, 'rule')} from ${ruleFiles.join(', ') || 'nowhere'}`,
  ];
}

/** `--log-level verbose`, after the build: files per phase, cache hits, time per phase. */
export function verboseResultLines(report: BuildReport, stats: BuildStats): string[] {
  const f = report.files;
  const rewritten = stats.files.filter((file) => file.front.matches.length > 0).length;
  const phases = Object.entries(report.phasesMs)
    .filter(([name]) => name !== 'total')
    .map(([name, ms]) => `${(PHASE_LABELS[name] ?? name).replace(/ time$/, '').toLowerCase()} ${Math.round(ms)} ms`)
    .join(', ');
  return [
    `instts: files: ${f.loaded} loaded, ${f.skippedByPrefilter} skipped by the pre-filter (no rule can match), ${f.parsed} parsed, ${rewritten} rewritten, ${report.joinPoints} join point${report.joinPoints === 1 ? '' : 's'}`,
    `instts: caches: ${f.fromCache} file${f.fromCache === 1 ? '' : 's'} from the rewrite cache, ${stats.loadCacheHits} from the watch-mode load cache`,
    `instts: phases: ${phases}`,
  ];
}
