// One-line reports on stderr, for the whole runtime. Reporting never throws into the caller.

export type LogSink = (line: string) => void;

export const stderrSink: LogSink = (line) => {
  try {
    const proc = (globalThis as { process?: { stderr?: { write(s: string): unknown } } }).process;
    if (proc?.stderr) proc.stderr.write(`${line}\n`);
    else console.error(line);
  } catch {
    // nothing left to report to
  }
};

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return String(error);
  } catch {
    return 'unprintable error';
  }
}
