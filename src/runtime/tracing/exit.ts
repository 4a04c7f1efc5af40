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
//     as without us. A second signal during the flush ends it at once.
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
      const others = proc.listeners(signal).filter((l) => l !== onSignal);
      if (others.length > 0) {
        // The program handles this signal: flush alongside, change nothing else.
        void hooks.flush(signalFlushMillis);
        return;
      }
      if (terminating) {
        reraise(signal, onSignal);
        return;
      }
      terminating = true;
      void hooks.flush(signalFlushMillis).then(
        () => reraise(signal, onSignal),
        () => reraise(signal, onSignal),
      );
    };
    listeners.set(signal, onSignal);
    try {
      proc.on(signal, onSignal);
    } catch {
      listeners.delete(signal); // a signal this platform cannot listen to
    }
  }

  return () => {
    proc.removeListener('beforeExit', onBeforeExit);
    for (const [signal, listener] of listeners) proc.removeListener(signal, listener);
    listeners.clear();
  };
}

/** Ends the process the way the default handling of `signal` would have. */
function reraise(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): void {
  process.removeListener(signal, listener);
  if (process.listenerCount(signal) > 0) return; // the program added a listener meanwhile: it decides
  try {
    process.kill(process.pid, signal);
  } catch {
    process.exit(128 + signalNumber(signal));
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 1;
}
