// The stable hash behind `percentage` conditions: the same key lands in the same bucket in every
// process, on every restart and in every language that implements these few lines.
// FNV-1a (32-bit) over the UTF-8 bytes, finished with MurmurHash3's fmix32: FNV-1a's low bits
// depend only on the low bits of the input bytes, so sequential ids ("user-1", "user-2", …)
// would bunch up in `% 100` without the finaliser.

const utf8 = new TextEncoder();

/** An unsigned 32-bit hash of `value`'s UTF-8 bytes. */
export function laneHash(value: string): number {
  let h = 0x811c9dc5;
  for (const byte of utf8.encode(value)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The bucket (0…99) of `value`: a percentage condition `p` matches when the bucket is `< p`. */
export function laneBucket(value: string): number {
  return laneHash(value) % 100;
}
