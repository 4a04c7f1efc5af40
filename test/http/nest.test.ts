// A NestJS app deployed the Nest way — `instts build --no-bundle` (per-file CommonJS next to
// node_modules; Nest loads @nestjs/platform-express itself) — started with plain `node
// dist/main.js`: route-named SERVER spans, controller and service spans from the app's own rule,
// and governance on its routes. Real @nestjs/core, common and platform-express.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instts, ROOT } from '../cli-helpers.js';
import { startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from '../support/otlp-receiver.js';
import { get, startService, stopAll, type Service } from './services.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'nest-app');
let app: string;
let summary: string;
let receiver: OtlpReceiver;
let service: Service;
let policyDir: string;

beforeAll(async () => {
  // Inside the repository, so node_modules resolves as it would next to a deployed dist/.
  app = path.join(ROOT, 'test', '.out', 'nest', String(process.pid));
  fs.rmSync(app, { recursive: true, force: true });
  fs.cpSync(FIXTURE, app, { recursive: true });
  const result = await instts(
    ['build', '--no-bundle', '--rules', 'instts:http', '--rules', 'rules.json', '--no-typecheck'],
    app,
  );
  if (result.code !== 0) throw new Error(`build failed (${result.code}):\n${result.stderr}`);
  summary = result.stderr;
  receiver = await startOtlpReceiver();
  policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-nest-policy-'));
  const policy = path.join(policyDir, 'policy.json');
  fs.writeFileSync(policy, JSON.stringify({ flow: [{ id: 'items', resource: 'GET:/items/:id', threshold: 3 }] }));
  service = await startService(path.join(app, 'dist', 'main.js'), {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '50',
    OTEL_SERVICE_NAME: 'nest',
    INSTTS_POLICY: policy,
  });
}, 120_000);

afterAll(async () => {
  await stopAll();
  await receiver?.close();
  if (policyDir) fs.rmSync(policyDir, { recursive: true, force: true });
  if (app) fs.rmSync(app, { recursive: true, force: true });
});

async function spansOf(traceId: (spans: DecodedSpan[]) => string | undefined, n: number): Promise<DecodedSpan[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const id = traceId(receiver.spans());
    const spans = receiver.spans().filter((s) => s.traceId === id);
    if (id && spans.length >= n) return spans;
    if (Date.now() > deadline)
      throw new Error(
        `no trace of ${n} spans; got ${receiver
          .spans()
          .map((s) => s.name)
          .join(', ')}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('NestJS built --no-bundle', () => {
  it('the build applies instts:http to Nest and express at load time, and says so', () => {
    expect(summary).toMatch(
      /^instts: at load time \(packages outside the output\): .*@nestjs\/platform-express@\d+\.[\d.]+ \(1 file, \d+ join points?\).*express@5\.[\d.]+/m,
    );
    // NestJS 12's platform adapter is an ES module: replacing it needs the load hook registered
    // before the imports are linked, and the build says how (routes, spans and governance below
    // come from the CommonJS express and router files, which plain node already swaps).
    expect(summary).toMatch(
      /ES module package file \(@nestjs\/platform-express\) .*start with node --import \.\/dist\/__instts__\/load-time\.js <entry>/,
    );
  });

  it('one request: SERVER span named by the route, then the controller and service spans under it', async () => {
    const answer = await get(`${service.url}/items/7`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ id: '7', name: 'item 7' });
    const spans = await spansOf(
      (all) => all.find((s) => s.kind === 'SERVER' && s.attributes['url.path'] === '/items/7')?.traceId,
      3,
    );
    const server = spans.find((s) => s.kind === 'SERVER')!;
    const controller = spans.find((s) => s.name === 'ItemsController.get')!;
    const itemService = spans.find((s) => s.name === 'ItemsService.find')!;
    expect(server).toMatchObject({ name: 'GET /items/:id', parentSpanId: '' });
    expect(server.attributes).toMatchObject({ 'http.route': '/items/:id', 'http.response.status_code': 200 });
    expect(controller).toMatchObject({ kind: 'INTERNAL', parentSpanId: server.spanId });
    expect(itemService).toMatchObject({ kind: 'INTERNAL', parentSpanId: controller.spanId });
    expect(itemService.attributes['item.id']).toBe('7');
  });

  it('governance on its routes: a flow limit of 3 on GET:/items/:id answers the rest with 429', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // a fresh one-second window
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => get(`${service.url}/items/${i}`)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
  });
});
