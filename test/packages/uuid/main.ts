// uuid 14 (ES modules, typed-array byte work, module state for v1/v6/v7 sequences): every
// version with fixed random bytes and clocks so the output is deterministic, plus parse,
// stringify, validate, version, the namespaces, v1 ⇄ v6 conversion and the errors.

import { v1, v1ToV6, v3, v4, v5, v6, v6ToV1, v7, NIL, MAX, parse, stringify, validate, version } from 'uuid';

const out = (label: string, value: unknown) => console.log(`${label}:`, JSON.stringify(value));
const random = Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 0xff);

out('v4 fixed random', v4({ random }));
out('v4 rng', v4({ rng: () => Uint8Array.from({ length: 16 }, (_, i) => 255 - i) }));
const buf = new Uint8Array(20);
out('v4 into buffer', [Array.from(v4({ random }, buf, 2)), buf === v4({ random }, buf, 2)]);
out('v1', [v1({ node: Uint8Array.of(1, 2, 3, 4, 5, 6), clockseq: 0x1234, msecs: Date.UTC(2020, 0, 1), nsecs: 5678 }), v1({ random, msecs: 0, nsecs: 0 })]);
out('v6', v6({ node: Uint8Array.of(1, 2, 3, 4, 5, 6), clockseq: 0x1234, msecs: Date.UTC(2020, 0, 1), nsecs: 5678 }));
out('v7', [v7({ random, msecs: Date.UTC(2024, 5, 1), seq: 42 }), v7({ random, msecs: 1 })]);
out('v3/v5 DNS', [v3('example.com', v3.DNS), v5('example.com', v5.DNS), v5('https://example.com/x', v5.URL)]);
const custom = v5('my-namespace', NIL);
out('v5 custom namespace', [custom, v5('hello', custom), v3('hello', Array.from(parse(custom)))]);
const id = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const bytes = parse(id);
out('parse/stringify', [Array.from(bytes), stringify(bytes), stringify(Uint8Array.from([0, ...bytes]), 1)]);
out('validate/version', [[id, NIL, MAX, 'not-a-uuid', '6ba7b810-9dad-11d1-80b4-00c04fd430cz'].map(validate), [id, v7({ random, msecs: 1 }), v5('x', v5.DNS)].map(version), NIL, MAX]);
const one = v1({ node: Uint8Array.of(1, 2, 3, 4, 5, 6), clockseq: 1, msecs: 1e12, nsecs: 1 });
out('v1ToV6/v6ToV1', [v1ToV6(one), v6ToV1(v1ToV6(one)) === one]);
for (const bad of [() => parse('nope'), () => version('nope'), () => stringify(new Uint8Array(16).fill(256 as number), 0), () => v4({ random: new Uint8Array(4) })]) {
  try {
    out('no error', bad());
  } catch (err) {
    out('error', [(err as Error).name, (err as Error).message]);
  }
}
