// A neverthrow-style ResultAsync: a thenable wrapper around a Promise of a Result, with its own
// chaining methods.
export type Result<T, E> = { isOk: true; value: T } | { isOk: false; error: E };

export class ResultAsync<T, E> implements PromiseLike<Result<T, E>> {
  thenCalls = 0;
  constructor(private readonly inner: Promise<Result<T, E>>) {}

  static ok<T>(value: T) {
    return new ResultAsync<T, never>(Promise.resolve({ isOk: true, value }));
  }
  static err<E>(error: E) {
    return new ResultAsync<never, E>(Promise.resolve({ isOk: false, error }));
  }

  andThen<U, F>(fn: (v: T) => ResultAsync<U, F>): ResultAsync<U, E | F> {
    return new ResultAsync<U, E | F>(this.inner.then((r) => (r.isOk ? fn(r.value).inner : r)));
  }

  map<U>(fn: (v: T) => U): ResultAsync<U, E> {
    return new ResultAsync<U, E>(this.inner.then((r) => (r.isOk ? { isOk: true, value: fn(r.value) } : r)));
  }

  then<A = Result<T, E>, B = never>(
    onFulfilled?: ((r: Result<T, E>) => A | PromiseLike<A>) | null,
    onRejected?: ((e: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B> {
    this.thenCalls++;
    return this.inner.then(onFulfilled, onRejected);
  }
}
