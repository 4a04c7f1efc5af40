// Counting hook for the transparency corpus: every instrumented function of a corpus program
// calls it. It only counts; it never reads or changes the call (args, this, result, error) and
// never writes to stdout, so a program's stdout is the same with and without instrumentation.
// The totals go to stderr when the process exits.

let enterCount = 0;
let exitCount = 0;

export function onEnter(_ctx: unknown): void {
  enterCount++;
}

export function onExit(_ctx: unknown): void {
  exitCount++;
}

process.on('exit', () => {
  process.stderr.write(`instts-corpus-count enter=${enterCount} exit=${exitCount}\n`);
});
