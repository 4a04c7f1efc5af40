// The measurement every client app of the database and messaging suites makes: `run(WARMUP)`,
// then `run(CALLS)` timed; prints `RESULT {"usPerCall":…,"cpuUsPerCall":…}` (wall and CPU time
// of this process per call) for bench/lib/client-runs.mjs.
export async function measurePerCall(
  run: (calls: number) => Promise<void>,
  defaults = { calls: 20_000, warmup: 5_000 },
): Promise<void> {
  const calls = Number(process.env.CALLS ?? defaults.calls);
  await run(Number(process.env.WARMUP ?? defaults.warmup));
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run(calls);
  const wallUs = (performance.now() - started) * 1000;
  const used = process.cpuUsage(cpu);
  console.log(
    `RESULT ${JSON.stringify({ usPerCall: wallUs / calls, cpuUsPerCall: (used.user + used.system) / calls })}`,
  );
}
