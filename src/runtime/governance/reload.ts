// Hot reload of the policy file. The file is polled (realpath, device/inode, mtime, ctime, size)
// every `intervalMs` on an unref'd timer, and `fs.watch` on its folder (and on its target's
// folder) only hints that a check is due. Polling the resolved path is what survives a
// Kubernetes ConfigMap update (a `..data` symlink swapped by rename), an editor's atomic
// rename-over, and an edit in place alike.
//
// A valid new version replaces the policy at once. An invalid one is reported in one line —
// `instts: policy <file>(<line>,<column>) rejected: <json.path>: <problem>; keeping the previous policy` — once
// it has stayed unchanged for half an interval (so a write caught half-way is not reported),
// and the last good policy stays active.

import { readFileSync, realpathSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { GovernanceEngine } from './engine.js';
import { stderrSink, type LogSink } from '../log.js';
import { allRules } from './kinds.js';
import { parsePolicy, PolicyError, type Policy } from './policy.js';
import { located } from '../validate.js';

export interface WatchOptions {
  /** Poll period; default 250 ms. */
  intervalMs?: number;
  /** Where the one-line reports go; default: the engine's log. */
  log?: LogSink;
  /** Use fs.watch as a hint (default true). Polling alone still applies changes within an interval. */
  fsWatch?: boolean;
}

/** Read, parse and validate a policy file. Throws PolicyError (path `$` for I/O problems). */
export function loadPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError('$', `cannot read the file: ${ioProblem(error)}`);
  }
  return parsePolicy(text);
}

function ioProblem(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** What an explicit reload (the admin endpoint's POST /policy/reload) did. */
export type ReloadResult =
  | { ok: true; file: string; rules: number }
  | { ok: false; file: string; path: string; problem: string; line?: number; column?: number };

function ruleCount(policy: Policy): number {
  return allRules(policy).length;
}

function reloadedLine(file: string, policy: Policy): string {
  const n = ruleCount(policy);
  return `instts: policy ${file} reloaded (${n} rule${n === 1 ? '' : 's'})`;
}

function rejectedLine(file: string, error: PolicyError, engine: GovernanceEngine): string {
  // Nothing loaded yet (a broken or missing file at start-up): there is no previous policy.
  const keeping =
    engine.policySource !== undefined ? 'keeping the previous policy' : 'no policy is active: every call passes';
  return `instts: policy ${located(file, error)} rejected: ${error.message}; ${keeping}`;
}

/**
 * Read `file` now and apply it to `engine` (for an engine that no watcher follows). Reports in
 * the same one-line form as the watcher; an invalid file leaves the active policy in place.
 */
export function reloadPolicyFile(engine: GovernanceEngine, file: string, log: LogSink = engine.log): ReloadResult {
  try {
    const policy = loadPolicyFile(file);
    engine.setPolicy(policy, file);
    engine.reloads.ok++;
    safeLog(log, reloadedLine(file, policy));
    return { ok: true, file, rules: ruleCount(policy) };
  } catch (error) {
    const problem = error instanceof PolicyError ? error : new PolicyError('$', ioProblem(error));
    engine.reloads.rejected++;
    safeLog(log, rejectedLine(file, problem, engine));
    return rejection(file, problem);
  }
}

/** A refused reload as the admin endpoint answers it: the path and problem, and where in the file. */
function rejection(file: string, error: PolicyError): ReloadResult {
  return {
    ok: false,
    file,
    path: error.path,
    problem: error.problem,
    ...(error.line !== undefined ? { line: error.line, column: error.column ?? 1 } : {}),
  };
}

function safeLog(log: LogSink, line: string): void {
  try {
    log(line);
  } catch {
    // reporting never fails
  }
}

interface PendingReject {
  signature: string;
  since: number;
  problem: PolicyError;
}

export class PolicyWatcher {
  readonly file: string;
  private readonly engine: GovernanceEngine;
  private readonly intervalMs: number;
  private readonly log: LogSink;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly useFsWatch: boolean;
  private hint: ReturnType<typeof setTimeout> | undefined;
  private signature: string | undefined;
  private appliedText: string | undefined;
  private rejectedText: string | undefined;
  private pending: PendingReject | undefined;
  private closed = false;

  constructor(engine: GovernanceEngine, file: string, options: WatchOptions = {}) {
    this.engine = engine;
    this.file = file;
    this.intervalMs = options.intervalMs ?? 250;
    this.log = options.log ?? engine.log;
    this.useFsWatch = options.fsWatch !== false;
    this.check(true);
    this.timer = setInterval(() => this.check(false), this.intervalMs);
    this.timer.unref();
  }

  /** Look at the file now (the timer and fs.watch hints call this). */
  check(initial = false): void {
    if (this.closed) return;
    try {
      this.poll(initial);
    } catch (error) {
      // Watching must never take the process down; try again on the next tick.
      this.signature = undefined;
      this.say(`instts: policy ${this.file} could not be checked: ${ioProblem(error)}`);
    }
  }

  private poll(initial: boolean): void {
    const { signature, real } = this.stat();
    if (real !== undefined) this.watchDirs(real);
    if (signature === this.signature) {
      const p = this.pending;
      if (p !== undefined && p.signature === signature && performance.now() - p.since >= this.intervalMs / 2) {
        this.pending = undefined;
        this.reject(p.problem);
      }
      return;
    }
    this.signature = signature;
    this.pending = undefined;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      return this.problem(new PolicyError('$', `cannot read the file: ${ioProblem(error)}`), signature, initial);
    }
    if (this.stat().signature !== signature) {
      // Changed while being read: look again on the next tick.
      this.signature = undefined;
      return;
    }
    if (text === this.appliedText || text === this.rejectedText) return;
    let policy: Policy;
    try {
      policy = parsePolicy(text);
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      this.rejectedText = text;
      return this.problem(error, signature, initial);
    }
    this.engine.setPolicy(policy, this.file);
    this.appliedText = text;
    this.rejectedText = undefined;
    if (!initial) {
      this.engine.reloads.ok++;
      this.say(reloadedLine(this.file, policy));
    }
  }

  /**
   * Read the file now, changed or not, and apply it (an invalid version is refused and reported
   * as on a poll). The watcher remembers the outcome, so its next poll does not repeat it.
   */
  reload(): ReloadResult {
    const { signature } = this.stat();
    this.pending = undefined;
    let text: string;
    let policy: Policy;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      return this.refuse(new PolicyError('$', `cannot read the file: ${ioProblem(error)}`), signature);
    }
    try {
      policy = parsePolicy(text);
    } catch (error) {
      const problem = error instanceof PolicyError ? error : new PolicyError('$', ioProblem(error));
      this.rejectedText = text;
      return this.refuse(problem, signature);
    }
    this.engine.setPolicy(policy, this.file);
    this.signature = signature;
    this.appliedText = text;
    this.rejectedText = undefined;
    this.engine.reloads.ok++;
    this.say(reloadedLine(this.file, policy));
    return { ok: true, file: this.file, rules: ruleCount(policy) };
  }

  private refuse(error: PolicyError, signature: string): ReloadResult {
    this.signature = signature;
    this.reject(error);
    return rejection(this.file, error);
  }

  private problem(error: PolicyError, signature: string, initial: boolean): void {
    if (initial) this.reject(error);
    else this.pending = { signature, since: performance.now(), problem: error };
  }

  private reject(error: PolicyError): void {
    this.engine.reloads.rejected++;
    this.say(rejectedLine(this.file, error, this.engine));
  }

  private say(line: string): void {
    safeLog(this.log, line);
  }

  private stat(): { signature: string; real: string | undefined } {
    try {
      const real = realpathSync(this.file);
      const st = statSync(real, { bigint: true });
      return { signature: `${real}|${st.dev}:${st.ino}|${st.mtimeNs}|${st.ctimeNs}|${st.size}`, real };
    } catch (error) {
      return { signature: `missing|${ioProblem(error)}`, real: undefined };
    }
  }

  private watchDirs(real: string): void {
    if (!this.useFsWatch) return;
    const wanted = new Set([dirname(this.file), dirname(real)]);
    for (const [dir, w] of this.watchers) {
      if (!wanted.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, () => this.onHint());
        w.on('error', () => {
          w.close();
        });
        this.watchers.set(dir, w);
      } catch {
        // no fs.watch here (or no such folder): polling alone
      }
    }
  }

  private onHint(): void {
    if (this.closed || this.hint !== undefined) return;
    this.hint = setTimeout(() => {
      this.hint = undefined;
      this.check(false);
    }, 20);
    this.hint.unref();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    if (this.hint !== undefined) clearTimeout(this.hint);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}

/**
 * Load `file` into `engine` now (synchronously) and keep it in sync. An invalid or missing file
 * at start is reported the same way and leaves the engine's current policy in place.
 */
export function watchPolicyFile(engine: GovernanceEngine, file: string, options?: WatchOptions): PolicyWatcher {
  return new PolicyWatcher(engine, file, options);
}

export { stderrSink };
