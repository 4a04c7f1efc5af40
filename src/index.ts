// `instts`: the programmatic API. The CLI is a thin layer over these.

export { defineConfig } from './config/types.js';
export type { UserConfig, BuildConfig, CliOptions, OutputFormat, Platform } from './config/types.js';
export { loadBuildConfig } from './config/load.js';
export { runBuild, type BuildOutcome, type BuildIO } from './emit/build.js';
export { insttsPlugin, type InsttsPluginOptions } from './emit/plugin.js';
export { loadRules, compileRuleSpecs, checkRuleFiles } from './rules/load.js';
export type { RuleFileSpec, RuleSpec, CompiledRule } from './rules/types.js';
export { InsttsError, ExitStatus, formatDiagnostic, type InsttsDiagnostic } from './diagnostics.js';
export { main } from './cli/main.js';
