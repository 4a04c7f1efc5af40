// The `trace` action end to end: a program built by `instts build` with trace rules, run as a
// child process exporting to an OTLP endpoint on loopback. Names, kinds, attributes, parent
// links across await / timers / callbacks, errors, exit semantics, and the program's own output.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instts, ROOT } from '../cli-helpers.js';
import { startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from '../support/otlp-receiver.js';
import { run } from './helpers.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'trace-action');
const EXPECTED_OUTPUT = {
  ok: { sku: 'abc', left: 7 },
  failed: 'only 3 of x',
  // the traced body runs in a closure named after the method: stacks read as without it
  thrownIn: 'Inventory.reserve',
  viaCallback: 'K1',
  cbError: 'empty key',
  pageSum: 15,
};

let outDir: string;
const built: Record<'esm' | 'cjs' | 'plain', string> = { esm: '', cjs: '', plain: '' };
let receiver: OtlpReceiver;

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'instts-trace-action-'));
  for (const format of ['esm', 'cjs'] as const) {
    const out = path.join(outDir, format);
    const result = await instts(
      [
        'build',
        '--rules',
        'rules.json',
        '--entry',
        'src/main.ts',
        '--outDir',
        out,
        '--format',
        format,
        '--no-typecheck',
      ],
      FIXTURE,
    );
    expect(result.code, result.stderr).toBe(0);
    built[format] = path.join(out, format === 'cjs' ? 'main.cjs' : 'main.js');
    if (!fs.existsSync(built[format])) built[format] = path.join(out, 'main.js');
  }
  const plain = await instts(
    ['build', '--entry', 'src/main.ts', '--outDir', path.join(outDir, 'plain'), '--no-typecheck'],
    FIXTURE,
  );
  expect(plain.code, plain.stderr).toBe(0);
  built.plain = path.join(outDir, 'plain', 'main.js');
  receiver = await startOtlpReceiver();
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  fs.rmSync(outDir, { recursive: true, force: true });
});

async function runTraced(
  file: string,
  env: Record<string, string> = {},
): Promise<{ spans: DecodedSpan[]; stdout: string }> {
  const before = receiver.spans().length;
  const result = await run(file, {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: 'inventory-svc',
    ...env,
  });
  expect(result.code, result.stderr).toBe(0);
  // The batch processor flushes at exit (beforeExit): everything has arrived when the process ended.
  return { spans: receiver.spans().slice(before), stdout: result.stdout };
}

// Span start times carry millisecond precision in the JS SDK (durations are exact): compare with a 2 ms margin.
const MARGIN = 2_000_000n;
const startOf = (s: DecodedSpan): bigint => BigInt(s.startTimeUnixNano);
const endOf = (s: DecodedSpan): bigint => BigInt(s.endTimeUnixNano);

const byName = (spans: DecodedSpan[], name: string): DecodedSpan[] => spans.filter((s) => s.name === name);
const one = (spans: DecodedSpan[], name: string): DecodedSpan => {
  const found = byName(spans, name);
  expect(
    found.map((s) => s.name),
    `spans named ${name}`,
  ).toHaveLength(1);
  return found[0]!;
};

describe.each(['esm', 'cjs'] as const)('trace action (%s output)', (format) => {
  let spans: DecodedSpan[];
  let stdout: string;
  beforeAll(async () => {
    ({ spans, stdout } = await runTraced(built[format]));
  }, 60_000);

  it('leaves the program output as the uninstrumented build prints it', async () => {
    const plain = await run(built.plain, {});
    expect(JSON.parse(stdout.trim())).toEqual(EXPECTED_OUTPUT);
    expect(stdout).toBe(plain.stdout);
  });

  it('names spans from templates and defaults, with kinds and the service resource', () => {
    expect(spans.map((s) => s.name).sort()).toEqual(
      [
        'Inventory.count',
        'Inventory.count',
        'audit',
        'audit',
        'audit',
        'audit',
        'audit',
        'lookup',
        'lookup',
        'pages',
        'reserve abc',
        'reserve x',
      ].sort(),
    );
    expect(one(spans, 'reserve abc').kind).toBe('INTERNAL');
    expect(byName(spans, 'Inventory.count').every((s) => s.kind === 'CLIENT')).toBe(true);
    expect(spans.every((s) => s.resource['service.name'] === 'inventory-svc')).toBe(true);
    expect(spans.every((s) => s.scope.name === 'instts')).toBe(true);
  });

  it('reads attributes from arguments and self at the start, from the result at the end', () => {
    expect(one(spans, 'reserve abc').attributes).toEqual({
      'app.sku': 'abc',
      'app.qty': 2,
      'app.left': 7,
      'app.store': 'main',
      'app.version': 2,
    });
    expect(one(spans, 'pages').attributes).toEqual({ n: 3 });
  });

  it('makes the span the active context across await and timers (children link to it)', () => {
    const reserve = one(spans, 'reserve abc');
    const counts = byName(spans, 'Inventory.count');
    const countOfAbc = counts.find((c) => c.traceId === reserve.traceId)!;
    expect(countOfAbc.parentSpanId).toBe(reserve.spanId);
    // Separate top-level calls are separate traces.
    expect(one(spans, 'reserve x').traceId).not.toBe(reserve.traceId);
    expect(reserve.parentSpanId).toBe('');
  });

  it('a callback-style function: its span ends when the callback is called; work in its timer is its child', () => {
    const lookups = byName(spans, 'lookup');
    const audits = byName(spans, 'audit');
    for (const lookup of lookups) {
      const child = audits.find((a) => a.parentSpanId === lookup.spanId);
      expect(child, 'audit inside the lookup timer').toBeDefined();
      expect(endOf(child!)).toBeLessThanOrEqual(endOf(lookup) + MARGIN);
      // The span lasted until the callback ran (a 5 ms timer, which libuv's millisecond loop
      // clock may fire up to about a millisecond early), not only until lookup returned.
      expect(endOf(lookup) - startOf(lookup)).toBeGreaterThan(2_500_000n);
      expect(child!.attributes.what).toMatch(/^lookup:/);
    }
    const failed = lookups.find((l) => l.status.code === 'ERROR')!;
    expect(failed.status.message).toBe('empty key');
    expect(lookups.filter((l) => l.status.code === 'UNSET')).toHaveLength(1);
  });

  it('a generator: the span covers the iteration, its yields compute inside it', () => {
    const pages = one(spans, 'pages');
    const pageAudits = byName(spans, 'audit').filter((a) => String(a.attributes.what).startsWith('page'));
    expect(pageAudits).toHaveLength(3);
    for (const a of pageAudits) {
      expect(startOf(a) + MARGIN).toBeGreaterThanOrEqual(startOf(pages));
      expect(endOf(a)).toBeLessThanOrEqual(endOf(pages) + MARGIN);
    }
  });

  it('records a rejection: exception event, status ERROR, error.type; the caller got the same error', () => {
    const failed = one(spans, 'reserve x');
    expect(failed.status).toEqual({ code: 'ERROR', message: 'only 3 of x' });
    expect(failed.attributes['error.type']).toBe('RangeError');
    expect(failed.events.map((e) => e.name)).toEqual(['exception']);
    expect(failed.events[0]!.attributes['exception.type']).toBe('RangeError');
    expect(failed.events[0]!.attributes['exception.message']).toBe('only 3 of x');
    expect(JSON.parse(stdout).failed).toBe('only 3 of x');
  });
});

describe('trace action: the environment decides', () => {
  it('OTEL_SDK_DISABLED=true: no spans, no exporter traffic, same output', async () => {
    const requestsBefore = receiver.requests.length;
    const { spans, stdout } = await runTraced(built.esm, { OTEL_SDK_DISABLED: 'true' });
    expect(spans).toEqual([]);
    expect(receiver.requests.length).toBe(requestsBefore);
    expect(JSON.parse(stdout)).toEqual(EXPECTED_OUTPUT);
  });

  it('OTEL_TRACES_SAMPLER=always_off: no spans exported, the program runs the same', async () => {
    const { spans, stdout } = await runTraced(built.esm, { OTEL_TRACES_SAMPLER: 'always_off' });
    expect(spans).toEqual([]);
    expect(JSON.parse(stdout)).toEqual(EXPECTED_OUTPUT);
  });

  it('http/protobuf is the default protocol', async () => {
    const { spans } = await runTraced(built.cjs, { OTEL_EXPORTER_OTLP_PROTOCOL: '' });
    expect(spans.length).toBe(12);
    expect(new Set(spans.map((s) => s.encoding))).toEqual(new Set(['protobuf']));
  });
});
