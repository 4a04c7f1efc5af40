// Case 28 (D): a returned stream gets no listeners and no reads from anybody but the caller:
// a single-chunk Readable keeps its one chunk, flowing mode is untouched, and a web
// ReadableStream is not locked or disturbed.
import { Readable, PassThrough } from 'node:stream';

function singleChunk() {
  return Readable.from(['the-only-chunk']);
}

function pushStream() {
  const s = new Readable({ read() {} });
  s.push('p1');
  s.push('p2');
  s.push(null);
  return s;
}

function passThrough() {
  const pt = new PassThrough();
  setImmediate(() => pt.end('late write'));
  return pt;
}

function webStream() {
  return new ReadableStream<string>({
    start(controller) {
      controller.enqueue('w1');
      controller.enqueue('w2');
      controller.close();
    },
  });
}

async function* source() {
  yield 'g1';
  yield 'g2';
}
function fromGenerator() {
  return Readable.from(source());
}

function state(label: string, s: Readable) {
  console.log(
    `${label}: flowing=${s.readableFlowing} dataListeners=${s.listenerCount('data')} readableListeners=${s.listenerCount('readable')} endListeners=${s.listenerCount('end')} didRead=${s.readableDidRead} buffered=${s.readableLength}`,
  );
}

function collect(s: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: string[] = [];
    s.on('data', (c) => chunks.push(String(c)));
    s.on('end', () => resolve(chunks.join('|')));
    s.on('error', reject);
  });
}

const a = singleChunk();
const b = pushStream();
const c = passThrough();
const g = fromGenerator();
state('singleChunk', a);
state('pushStream', b);
state('passThrough', c);
state('fromGenerator', g);
const w = webStream();
console.log('webStream: locked', w.locked);

setTimeout(async () => {
  state('singleChunk later', a);
  console.log('singleChunk data:', await collect(a));
  console.log('pushStream data:', await collect(b));
  console.log('passThrough data:', await collect(c));
  console.log('fromGenerator data:', await collect(g));
  console.log('webStream locked before read:', w.locked);
  const upper = w.pipeThrough(
    new TransformStream<string, string>({
      transform(chunk, controller) {
        controller.enqueue(chunk.toUpperCase());
      },
    }),
  );
  const reader = upper.getReader();
  const parts: string[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  console.log('webStream via pipeThrough:', parts.join('|'), 'locked now:', w.locked);
}, 20);
