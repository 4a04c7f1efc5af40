// Every way of making a node:http server is instrumented — `createServer(h)`, `new Server(h)`,
// `new http.Server()` + `on('request')` — in a bundle and in per-file (`--no-bundle`) ESM output,
// which runs on its own: the hook modules under __instts__/ bring their dependencies.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, instts } from '../cli-helpers.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';
import { get, startService, stopAll } from './services.js';

let dir: string;
let receiver: OtlpReceiver;
const outputs = { bundle: 'out-bundle/main.js', perFile: 'out-per-file/main.js' } as const;

beforeAll(async () => {
  dir = copyFixture('http-shapes', 'http-shapes');
  fs.writeFileSync(
    path.join(dir, 'policy.json'),
    JSON.stringify({ version: 1, flow: [{ resource: 'GET:/limited', threshold: 0 }] }),
  );
  const common = ['--rules', 'instts:http', '--format', 'esm', '--no-typecheck'];
  const builds = await Promise.all([
    instts(['build', ...common, '--entry', 'src/main.ts', '--outDir', 'out-bundle'], dir),
    instts(['build', ...common, '--no-bundle', '--outDir', 'out-per-file'], dir),
  ]);
  for (const b of builds) expect(b.code, b.stderr).toBe(0);
  receiver = await startOtlpReceiver();
}, 120_000);

afterEach(stopAll);
afterAll(() => receiver?.close());

describe.each(Object.entries(outputs))('servers in %s output', (_mode, file) => {
  it('each server gets SERVER spans and inbound governance', async () => {
    const since = receiver.spans().length;
    const service = await startService(path.join(dir, file), {
      INSTTS_POLICY: path.join(dir, 'policy.json'),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_SERVICE_NAME: 'shapes',
    });
    const ports = /LISTENING ([\d ]+)/.exec(service.output())![1]!.trim().split(' ');
    expect(ports).toHaveLength(3);
    for (const port of ports) {
      expect((await get(`http://127.0.0.1:${port}/ok`)).status, `port ${port}`).toBe(200);
      const limited = await get(`http://127.0.0.1:${port}/limited`);
      expect(limited.status, `port ${port}`).toBe(429);
    }
    await service.stop(); // a graceful end flushes the spans
    const spans = receiver
      .spans()
      .slice(since)
      .filter((s) => s.kind === 'SERVER');
    const portsSeen = spans
      .filter((s) => s.attributes['url.path'] === '/ok')
      .map((s) => String(s.attributes['server.port']));
    expect(portsSeen.sort()).toEqual([...ports].sort());
  }, 30_000);
});
