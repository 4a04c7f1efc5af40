// Flushing ended spans when the process ends, without changing how it ends.
//
// - Normal end (the event loop runs dry): `beforeExit` flushes what ended since the last flush.
//   The export keeps the loop alive until it is answered (at most the exporter's timeout); then
//   the process ends as it would have.
// - SIGTERM / SIGINT: when our listener runs, it looks at the other listeners.
//   * The program has its own: we only flush, alongside; the program decides what happens.
//   * It has none: Node would have ended the process with that signal. We flush for at most
//     `signalFlushMillis`, remove our listener and send the same signal again, so the process
//     ends by the signal (exit status 128+n to a shell, `signal` set for a parent process) exactly
//     as without us. A second signal during the flush ends it at once. A program that removes
//     its own listener and re-sends the signal (NestJS's shutdown hooks) lands in this case too.
// - `process.exit()` ends the process synchronously: spans not yet exported then are lost (no
//   asynchronous work can run in `exit`); the batch processor exports on its schedule before that.

import { constants } from 'node:os';
import { isMainThread } from 'node:worker_threads';

export interface ExitHooks {
  /** Flush what ended so far, within `timeoutMillis`. Must not reject. */
  flush(timeoutMillis: number): Promise<void>;
  /** Whether spans ended since the last flush (the `beforeExit` flush runs only then). */
  pending(): boolean;
}

export interface ExitOptions {
  /** Upper bound of the flush before re-sending a signal. Default 1000 ms. */
  signalFlushMillis?: number;
  /** Upper bound of the `beforeExit` flush. Default 10000 ms. */
  exitFlushMillis?: number;
  /** The signals to handle. Default SIGTERM and SIGINT. */
  signals?: readonly NodeJS.Signals[];
}

/** Installs the listeners; returns a function that removes them. */
export function installExitHandlers(hooks: ExitHooks, options: ExitOptions = {}): () => void {
  const proc = process;
  const signalFlushMillis = options.signalFlushMillis ?? 1000;
  const exitFlushMillis = options.exitFlushMillis ?? 10_000;
  // Signals reach the main thread only: a worker never listens.
  const signals = isMainThread ? (options.signals ?? (['SIGTERM', 'SIGINT'] as const)) : [];

  const onBeforeExit = (): void => {
    if (hooks.pending()) void hooks.flush(exitFlushMillis);
  };
  proc.on('beforeExit', onBeforeExit);

  const listeners = new Map<NodeJS.Signals, (signal: NodeJS.Signals) => void>();
  for (const signal of signals) {
    let terminating = false;
    const onSignal = (): void => {
      const others = proc.listeners(signal).filter((l) => l !== onSignal && !isOurs(l));
      if (others.length > 0) {
        // The program handles this signal: flush alongside, change nothing else.
        flushAlongside(signal, onSignal, hooks, signalFlushMillis);
        return;
      }
      if (terminating) {
        reraise(signal, onSignal);
        return;
      }
      terminating = true;
      // The timer bounds the flush and keeps the event loop alive until the signal is re-sent:
      // a flush with nothing to send (exporter none or console) holds no handle of its own, and
      // the process would otherwise run dry and exit 0 instead of ending by the signal.
      let sent = false;
      const resend = (): void => {
        if (sent) return;
        sent = true;
        clearTimeout(bound);
        reraise(signal, onSignal);
      };
      const bound = setTimeout(resend, signalFlushMillis);
      void hooks.flush(signalFlushMillis).then(resend, resend);
    };
    (onSignal as unknown as Record<symbol, boolean>)[OURS] = true;
    listeners.set(signal, onSignal);
    try {
      // First in line, so that what the program's listeners do to the list (remove themselves)
      // happens after this one has seen them.
      proc.prependListener(signal, onSignal);
    } catch {
      listeners.delete(signal); // a signal this platform cannot listen to
    }
  }

  return () => {
    proc.removeListener('beforeExit', onBeforeExit);
    for (const [signal, listener] of listeners) proc.removeListener(signal, listener);
    listeners.clear();
    for (const onRemoved of watched.values()) proc.removeListener('removeListener', onRemoved);
    watched.clear();
  };
}

/**
 * After a signal the program handled, flush alongside. When the program then removes its last
 * listener for it (NestJS's shutdown hooks remove theirs, close the application, and send the
 * signal again), step aside once the flush is over, so that the re-sent signal gets Node's default
 * action and the process ends by it. A listener kept there would make Node catch the signal, and
 * with the application closed the event loop runs dry before the listener runs: exit 0 instead.
 * A signal re-sent while the flush runs still reaches our listener, which then waits for the flush
 * and re-sends it (the timer keeps the loop alive until then).
 */
function flushAlongside(
  signal: NodeJS.Signals,
  listener: (signal: NodeJS.Signals) => void,
  hooks: ExitHooks,
  millis: number,
): void {
  const bound = setTimeout(() => undefined, millis);
  flushing.add(signal);
  const settled = (): void => {
    flushing.delete(signal);
    clearTimeout(bound);
    handOverIfAlone(signal, listener);
  };
  void hooks.flush(millis).then(settled, settled);
  if (watched.has(signal)) return;
  // One watcher per signal, until the hand-over: what the program removes later counts too.
  const onRemoved = (event: string | symbol): void => {
    if (event === signal) handOverIfAlone(signal, listener);
  };
  watched.set(signal, onRemoved);
  process.on('removeListener', onRemoved);
}

/**
 * Marks the listeners of every signal flush (spans, metrics, logs; any copy of the runtime), so
 * that none takes another for the program's own: each flushes, and the last one to finish re-sends
 * the signal (reraise leaves it to a listener still there).
 */
const OURS = Symbol.for('instts.exit.signalListener');

function isOurs(listener: unknown): boolean {
  return typeof listener === 'function' && (listener as unknown as Record<symbol, unknown>)[OURS] === true;
}

/** Signals with a flush alongside the program's listener in progress. */
const flushing = new Set<NodeJS.Signals>();
/** Signals whose program listeners are watched for the hand-over, with the watcher. */
const watched = new Map<NodeJS.Signals, (event: string | symbol) => void>();

function handOverIfAlone(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): void {
  if (flushing.has(signal) || process.listeners(signal).some((l) => l !== listener && !isOurs(l))) return;
  const onRemoved = watched.get(signal);
  if (onRemoved !== undefined) process.removeListener('removeListener', onRemoved);
  watched.delete(signal);
  process.removeListener(signal, listener);
}

/** Ends the process the way the default handling of `signal` would have. */
function reraise(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): void {
  process.removeListener(signal, listener);
  if (process.listenerCount(signal) > 0) return; // the program added a listener meanwhile (it decides), or another flush of ours still runs (it re-sends)
  try {
    process.kill(process.pid, signal);
  } catch {
    process.exit(128 + signalNumber(signal));
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 1;
}
