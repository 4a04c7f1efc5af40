// Outbound governance on loopback: the built-in rules make every outbound call a resource named by
// its target `host:port` — fetch (express 5 service A) and http.request (fastify service B). A
// blocked call never leaves the process: fetch rejects and http.request throws a BlockedError
// (code INSTTS_BLOCKED) naming the rule, which the framework answers as any other error.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type DecodedSpan } from '../support/otlp-receiver.js';
import { buildChain, get, startService, stopAll } from './services.js';

let build: Awaited<ReturnType<typeof buildChain>>;
let policyDir: string;

beforeAll(async () => {
  build = await buildChain('esm');
  policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-outbound-'));
}, 120_000);

afterAll(async () => {
  await stopAll();
  fs.rmSync(policyDir, { recursive: true, force: true });
  if (build) fs.rmSync(build.dir, { recursive: true, force: true });
});

function policy(name: string, body: unknown): string {
  const file = path.join(policyDir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(body));
  return file;
}

describe('outbound calls are governance resources named host:port', () => {
  it('http.request (fastify B → koa C): a QPS 2 rule on C lets 2 of 5 calls out; the rest fail before connecting', async () => {
    const c = await startService(build.file('c-koa'), { OTEL_TRACES_EXPORTER: 'none' });
    const file = policy('b', { flow: [{ id: 'to-c', resource: `127.0.0.1:${c.port}`, threshold: 2 }] });
    const b = await startService(build.file('b-fastify'), {
      OTEL_TRACES_EXPORTER: 'none',
      INSTTS_POLICY: file,
      NEXT_URL: c.url,
    });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await get(`${b.url}/chain/${i}`));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 500, 500, 500]);
    const refused = JSON.parse(answers[2]!.body) as { message: string; code?: string };
    expect(refused.message).toBe(`blocked by flow rule 'to-c' on resource '127.0.0.1:${c.port}'`);
    expect(refused.code).toBe('INSTTS_BLOCKED');
    // Calls to anything else are not limited by it.
    expect((await get(`${b.url}/greet`)).status).toBe(200);
  });

  it("a refused call's trace: no CLIENT span, an instts.governance.blocked event on the caller's SERVER span", async () => {
    const receiver = await startOtlpReceiver();
    try {
      const c = await startService(build.file('c-koa'), { OTEL_TRACES_EXPORTER: 'none' });
      const file = policy('b-traced', { flow: [{ id: 'none-to-c', resource: `127.0.0.1:${c.port}`, threshold: 0 }] });
      const b = await startService(build.file('b-fastify'), {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '50',
        INSTTS_POLICY: file,
        NEXT_URL: c.url,
      });
      expect((await get(`${b.url}/chain/1`)).status).toBe(500);
      const deadline = Date.now() + 10_000;
      let spans: DecodedSpan[] = [];
      while ((spans = receiver.spans()).length < 1 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300)); // a CLIENT span, were there one, would be exported by now
      spans = receiver.spans();
      expect(spans.map((s) => `${s.kind} ${s.name}`)).toEqual(['SERVER GET /chain/:id']);
      // the block where it happened, then the BlockedError fastify's error handler answered with 500
      expect(
        spans[0]!.events.map((e) => [e.name, e.attributes['instts.governance.rule'] ?? e.attributes['exception.type']]),
      ).toEqual([
        ['instts.governance.blocked', 'none-to-c'],
        ['exception', 'INSTTS_BLOCKED'], // the SDK's exception.type is an error's code when it has one
      ]);
      expect(spans[0]!.events[0]!.attributes).toEqual({
        'instts.governance.rule': 'none-to-c',
        'instts.governance.rule_type': 'flow',
        'instts.governance.resource': `127.0.0.1:${c.port}`,
        'instts.governance.behavior_type': 'respond',
      });
    } finally {
      await receiver.close();
    }
  });

  it('fetch (express 5 A → fastify B): a flow rule of 0 refuses every call to B, and only those', async () => {
    const c = await startService(build.file('c-koa'), { OTEL_TRACES_EXPORTER: 'none' });
    const b = await startService(build.file('b-fastify'), { OTEL_TRACES_EXPORTER: 'none', NEXT_URL: c.url });
    const file = policy('a', { flow: [{ id: 'to-b', resource: `127.0.0.1:${b.port}`, threshold: 0 }] });
    const a = await startService(build.file('a-express5'), {
      OTEL_TRACES_EXPORTER: 'none',
      INSTTS_POLICY: file,
      NEXT_URL: b.url,
    });
    const chained = await get(`${a.url}/chain/7`);
    expect(chained.status).toBe(500); // express 5 answers the rejected fetch as an error
    expect(chained.body).toContain(`blocked by flow rule &#39;to-b&#39; on resource &#39;127.0.0.1:${b.port}&#39;`); // its HTML error page
    expect((await get(`${b.url}/chain/7`)).status).toBe(200); // B itself is fine
    expect((await get(`${a.url}/greet`)).status).toBe(200);
  });

  it('a fallback value answers a blocked fetch (as a JSON Response); http.request cannot take one: BlockedError and one warning', async () => {
    const c = await startService(build.file('c-koa'), { OTEL_TRACES_EXPORTER: 'none' });
    const bFile = policy('b-fallback', {
      behaviors: { stale: { type: 'fallback', value: { service: 'c', stale: true } } },
      flow: [{ id: 'to-c', resource: `127.0.0.1:${c.port}`, threshold: 0, behavior: 'stale' }],
    });
    const b = await startService(build.file('b-fastify'), {
      OTEL_TRACES_EXPORTER: 'none',
      INSTTS_POLICY: bFile,
      NEXT_URL: c.url,
    });
    const aFile = policy('a-fallback', {
      behaviors: { stale: { type: 'fallback', value: { service: 'b', stale: true } } },
      flow: [{ id: 'to-b', resource: `127.0.0.1:${b.port}`, threshold: 0, behavior: 'stale' }],
    });
    const a = await startService(build.file('a-express5'), {
      OTEL_TRACES_EXPORTER: 'none',
      INSTTS_POLICY: aFile,
      NEXT_URL: b.url,
    });
    const answered = await get(`${a.url}/chain/7`);
    expect([answered.status, JSON.parse(answered.body)]).toEqual([
      200,
      { service: 'a', next: { service: 'b', stale: true } },
    ]);
    // B's http.request to C: blocked, and the value cannot stand in for a ClientRequest's response
    const refused = await get(`${b.url}/chain/7`);
    expect(refused.status).toBe(500);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'INSTTS_BLOCKED' });
    await get(`${b.url}/chain/8`);
    const warnings = b
      .output()
      .split('\n')
      .filter((l) => l.includes('which http.request'));
    expect(warnings).toEqual([
      `instts: warning: blocked by flow rule 'to-c' on resource '127.0.0.1:${c.port}': its fallback behavior gives a value, which http.request (and clients built on it, such as axios) cannot return; the call fails with a BlockedError. A fetch call takes the value; or govern the function that makes the call`,
    ]);
  });
});
