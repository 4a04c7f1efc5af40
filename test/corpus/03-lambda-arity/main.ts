// Case 3 (A): an AWS-Lambda-style runtime treats handlers with length >= 3 as callback-style
// (and rejects them); `async (event, context) => value` must keep length 2 and its return value.

type Context = { requestId: string };

async function invoke(handler: (...a: any[]) => any, event: unknown, ctx: Context): Promise<string> {
  if (handler.length >= 3) {
    throw new Error('Runtime.CallbackHandlerDeprecated: callback-based function handlers are not supported');
  }
  const result = await handler(event, ctx);
  return JSON.stringify(result);
}

const v = { statusCode: 200, body: 'hello' };

export const handler = async (event: { name: string }, context: Context) => {
  return { ...v, body: `hello ${event.name} (${context.requestId})` };
};

const sameObject = async (_e: unknown, _c: unknown) => v;

export async function namedHandler(event: { name: string }) {
  return { statusCode: 201, body: event.name };
}

export const callbackHandler = (event: unknown, context: Context, callback: (e: null, r: unknown) => void) => {
  callback(null, { statusCode: 200 });
};

const describe = (fn: Function) =>
  `length=${fn.length} name=${JSON.stringify(fn.name)} tag=${Object.prototype.toString.call(fn)} ctor=${fn.constructor.name}`;

console.log('handler:', describe(handler));
console.log('sameObject:', describe(sameObject));
console.log('namedHandler:', describe(namedHandler));
console.log('callbackHandler:', describe(callbackHandler));

const ctx = { requestId: 'req-1' };
(async () => {
  console.log('invoke handler ->', await invoke(handler, { name: 'ada' }, ctx));
  console.log('invoke namedHandler ->', await invoke(namedHandler, { name: 'bob' }, ctx));
  const r = sameObject({}, ctx);
  console.log('returns a native Promise:', r instanceof Promise, Object.getPrototypeOf(r) === Promise.prototype);
  console.log('resolved value is the same object:', (await r) === v);
  try {
    await invoke(callbackHandler, {}, ctx);
  } catch (e) {
    console.log('callbackHandler rejected:', (e as Error).message);
  }
})();
