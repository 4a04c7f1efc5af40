// The headers object handed to amqplib's publish. amqplib makes each message's header table with
// `Object.create(options.headers)`: a fresh object every message becomes a prototype every
// message, which costs V8 a new hidden class and makes the table's `for … in` take its slow path
// (about 13 µs per message here, more than the rest of the PRODUCER span). amqplib encodes the
// table before publish returns and keeps nothing of it, so one object serves every message:
// filled when publish is entered, emptied (values set to undefined, which amqplib skips) when it
// returns. A publish inside a publish (a header getter that publishes), or one whose exit never
// came, gets a fresh object instead.

/** Past this many distinct header names the object starts over (names that change per message). */
const MAX_NAMES = 64;

// No prototype: a header named `__proto__` is a header like any other.
let carrier: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
let names = 0;
let inUse = false;

/** A headers object holding `given`'s own enumerable headers; give it back with {@link releaseHeaders}. */
export function takeHeaders(given: Record<string, unknown> | undefined): Record<string, unknown> {
  if (inUse) return { ...given };
  inUse = true;
  if (given !== undefined && given !== null) {
    for (const name of Object.keys(given)) {
      if (!(name in carrier)) names++;
      carrier[name] = given[name];
    }
  }
  return carrier;
}

/** The publish that took `headers` returned (or threw): its values are dropped, so nothing is kept. */
export function releaseHeaders(headers: Record<string, unknown>): void {
  if (headers !== carrier) return;
  if (names > MAX_NAMES) {
    carrier = Object.create(null) as Record<string, unknown>;
    names = 0;
  } else for (const name in carrier) carrier[name] = undefined;
  inUse = false;
}

/** Removes a header from what this message sends (the carrier keeps the name, with no value). */
export function dropHeader(headers: Record<string, unknown>, name: string): void {
  if (headers === carrier) headers[name] = undefined;
  else delete headers[name];
}
