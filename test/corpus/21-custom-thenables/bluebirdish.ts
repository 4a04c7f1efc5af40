// A small Bluebird-like promise library: its own class, an internal `_then`, extra methods
// (`tap`, `spread`), and a count of `then` calls per instance.
type Settle<T> = { ok: true; value: T } | { ok: false; reason: unknown };

export class Bluebirdish<T> {
  static created = 0;
  thenCalls = 0;
  private result: Settle<T> | undefined;
  private waiting: Array<(s: Settle<T>) => void> = [];

  constructor(executor: (resolve: (v: T | PromiseLike<T>) => void, reject: (r: unknown) => void) => void) {
    Bluebirdish.created++;
    const settle = (s: Settle<T>) => {
      if (this.result) return;
      this.result = s;
      for (const w of this.waiting.splice(0)) queueMicrotask(() => w(s));
    };
    const resolve = (v: T | PromiseLike<T>) => {
      if (v && typeof (v as PromiseLike<T>).then === 'function') {
        (v as PromiseLike<T>).then(resolve, (r) => settle({ ok: false, reason: r }));
      } else settle({ ok: true, value: v as T });
    };
    try {
      executor(resolve, (r) => settle({ ok: false, reason: r }));
    } catch (e) {
      settle({ ok: false, reason: e });
    }
  }

  _then<R>(onFulfilled?: ((v: T) => R | PromiseLike<R>) | null, onRejected?: ((r: unknown) => R | PromiseLike<R>) | null) {
    return new Bluebirdish<R>((resolve, reject) => {
      const run = (s: Settle<T>) => {
        try {
          if (s.ok) onFulfilled ? resolve(onFulfilled(s.value)) : resolve(s.value as unknown as R);
          else onRejected ? resolve(onRejected(s.reason)) : reject(s.reason);
        } catch (e) {
          reject(e);
        }
      };
      if (this.result) {
        const s = this.result;
        queueMicrotask(() => run(s));
      } else this.waiting.push(run);
    });
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((v: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((r: unknown) => R2 | PromiseLike<R2>) | null,
  ): Bluebirdish<R1 | R2> {
    this.thenCalls++;
    return this._then<R1 | R2>(onFulfilled as any, onRejected as any);
  }

  tap(fn: (v: T) => void): Bluebirdish<T> {
    return this._then((v) => {
      fn(v);
      return v;
    });
  }

  spread<R>(fn: (...args: any[]) => R): Bluebirdish<R> {
    return this._then((v) => fn(...(v as unknown as any[])));
  }

  static resolve<T>(v: T) {
    return new Bluebirdish<T>((r) => r(v));
  }
}
