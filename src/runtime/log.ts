// The runtime's one logger: one-line reports on stderr (stdout stays the program's own), and
// the text of an error for them. Reporting never throws into the caller.

export type LogSink = (line: string) => void;

/** Writes one line (the newline is added) to stderr, or to the console where there is no process. */
export const stderrSink: LogSink = (line) => {
  try {
    const proc = (globalThis as { process?: { stderr?: { write(s: string): unknown } } }).process;
    if (proc?.stderr) proc.stderr.write(`${line}\n`);
    else console.error(line);
  } catch {
    // nothing left to report to
  }
};

/** `TypeError: x is not a function`: an error's name and message, for a report line. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return String(error);
  } catch {
    return 'unprintable error';
  }
}

/** An error's message alone (of anything with a string `message`); '' when it cannot be read. */
export function errorMessage(error: unknown): string {
  try {
    if (typeof error === 'object' && error !== null) {
      const message = (error as { message?: unknown }).message;
      if (typeof message === 'string') return message;
    }
    return String(error);
  } catch {
    return '';
  }
}
