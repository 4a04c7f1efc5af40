// rxjs 7 (ES modules and a CommonJS build with tslib-style class inheritance, `Subscriber`
// subclasses, operators as closures over closures, schedulers): creation functions, pipeable
// operators, subjects, error handling and retries, higher-order mapping, virtual time with the
// TestScheduler, and conversions to promises.

import {
  AsyncSubject,
  BehaviorSubject,
  EMPTY,
  Observable,
  ReplaySubject,
  Subject,
  Subscription,
  asapScheduler,
  combineLatest,
  concat,
  defer,
  firstValueFrom,
  forkJoin,
  from,
  fromEvent,
  generate,
  interval,
  lastValueFrom,
  merge,
  of,
  partition,
  range,
  throwError,
  timer,
  zip,
} from 'rxjs';
import {
  bufferCount,
  catchError,
  concatMap,
  debounceTime,
  distinctUntilChanged,
  exhaustMap,
  filter,
  finalize,
  map,
  mergeMap,
  observeOn,
  pairwise,
  reduce,
  retry,
  scan,
  share,
  shareReplay,
  startWith,
  switchMap,
  take,
  takeUntil,
  takeWhile,
  tap,
  toArray,
  withLatestFrom,
} from 'rxjs/operators';
import { TestScheduler } from 'rxjs/testing';
import { EventEmitter } from 'node:events';

const out = (label: string, value: unknown) => console.log(`${label}:`, JSON.stringify(value));
const collect = <T>(source: Observable<T>) => lastValueFrom(source.pipe(toArray()));

class Counter extends Observable<number> {
  constructor(private readonly upTo: number) {
    super((subscriber) => {
      for (let i = 1; i <= this.upTo && !subscriber.closed; i++) subscriber.next(i);
      subscriber.complete();
      return () => log.push(`counter ${this.upTo} torn down`);
    });
  }
}
const log: string[] = [];

async function main() {
  out('of/map/filter', await collect(of(1, 2, 3, 4, 5).pipe(filter((n) => n % 2 === 1), map((n) => n * 10))));
  out('range/scan/pairwise', await collect(range(1, 5).pipe(scan((acc, n) => acc + n, 0), pairwise())));
  out('from iterable/promise', [await collect(from(new Set(['a', 'b']))), await collect(from(Promise.resolve('p')))]);
  out('generate', await collect(generate({ initialState: 1, condition: (x) => x < 40, iterate: (x) => x * 3, resultSelector: (x) => `g${x}` })));
  async function* countdown(n: number) {
    for (let i = n; i > 0; i--) {
      await Promise.resolve();
      yield i;
    }
  }
  out('from async generator', await collect(from(countdown(3)).pipe(map((n) => n * 2))));
  const stream = new ReadableStream<string>({
    start(controller) {
      controller.enqueue('chunk1');
      controller.enqueue('chunk2');
      controller.close();
    },
  });
  out('from ReadableStream', await collect(from(stream)));
  out('subclass of Observable', [await collect(new Counter(3).pipe(take(2))), log.splice(0)]);
  out('concat/merge/zip', [await collect(concat(of(1), of(2))), (await collect(merge(of('x'), of('y')))).sort(), await collect(zip(of(1, 2), of('a', 'b')))]);
  out('combineLatest/forkJoin', [await collect(combineLatest([of(1, 2), of('z')])), await firstValueFrom(forkJoin({ a: of(1, 2), b: timer(2).pipe(map(() => 'b')) }))]);
  out('startWith/distinct/bufferCount', await collect(of(1, 1, 2, 2, 3).pipe(distinctUntilChanged(), startWith(0), bufferCount(2))));
  const [evens, odds] = partition(of(1, 2, 3, 4), (n) => n % 2 === 0);
  out('partition', [await collect(evens), await collect(odds)]);
  out('reduce/takeWhile', [await lastValueFrom(range(1, 4).pipe(reduce((a, b) => a * b, 1))), await collect(range(1, 10).pipe(takeWhile((n) => n < 4, true)))]);

  // higher order
  out('mergeMap/concatMap', [await collect(of(1, 2).pipe(concatMap((n) => timer(3 - n).pipe(map(() => n))))), (await collect(of(1, 2).pipe(mergeMap((n) => of(n, n * 10))))).sort((a, b) => a - b)]);
  out('switchMap', await collect(interval(5).pipe(take(3), switchMap((n) => (n < 2 ? timer(20).pipe(map(() => `late ${n}`)) : of(`now ${n}`))))));
  out('exhaustMap', await collect(of(1, 2, 3).pipe(exhaustMap((n) => timer(1).pipe(map(() => n))))));

  // errors
  let tries = 0;
  const flaky = defer(() => (++tries < 3 ? throwError(() => new Error(`try ${tries}`)) : of(`ok after ${tries}`)));
  out('retry', await firstValueFrom(flaky.pipe(retry(5))));
  out('catchError', await collect(of(1, 2, 3).pipe(map((n) => { if (n === 2) throw new RangeError('two'); return n; }), catchError((e: Error) => of(`caught ${e.name}: ${e.message}`)))));
  try {
    await firstValueFrom(EMPTY);
  } catch (e) {
    out('firstValueFrom EMPTY', [(e as Error).name, (e as Error).message]);
  }
  out('finalize order', await new Promise((resolve) => {
    const steps: string[] = [];
    of(1).pipe(tap((v) => steps.push(`tap ${v}`)), finalize(() => { steps.push('finalize'); resolve(steps); })).subscribe({ next: (v) => steps.push(`next ${v}`), complete: () => steps.push('complete') });
  }));

  // subjects and sharing
  const subject = new Subject<number>();
  const seen: string[] = [];
  const sub1 = subject.subscribe((v) => seen.push(`A${v}`));
  subject.next(1);
  subject.subscribe((v) => seen.push(`B${v}`));
  subject.next(2);
  sub1.unsubscribe();
  subject.next(3);
  subject.complete();
  const behavior = new BehaviorSubject('initial');
  behavior.next('second');
  const replay = new ReplaySubject<number>(2);
  [1, 2, 3].forEach((n) => replay.next(n));
  const asyncSubject = new AsyncSubject<string>();
  asyncSubject.next('x');
  asyncSubject.next('last');
  asyncSubject.complete();
  out('subjects', [seen, behavior.getValue(), await firstValueFrom(behavior), await collect(replay.pipe(take(2))), await firstValueFrom(asyncSubject)]);
  let subscriptions = 0;
  const cold = defer(() => (subscriptions++, of('shared')));
  const shared = cold.pipe(share());
  const replayed = cold.pipe(shareReplay(1));
  await Promise.all([firstValueFrom(shared), firstValueFrom(shared)]);
  await firstValueFrom(replayed);
  await firstValueFrom(replayed);
  out('share/shareReplay subscriptions', subscriptions);

  // events, teardown, schedulers
  const emitter = new EventEmitter();
  const stop = new Subject<void>();
  const events: unknown[] = [];
  fromEvent(emitter, 'data').pipe(takeUntil(stop), withLatestFrom(of('ctx'))).subscribe((e) => events.push(e));
  emitter.emit('data', 1);
  emitter.emit('data', 2);
  stop.next();
  emitter.emit('data', 3);
  out('fromEvent/takeUntil', [events, emitter.listenerCount('data')]);
  const subscription = new Subscription(() => log.push('parent teardown'));
  subscription.add(() => log.push('child teardown'));
  subscription.unsubscribe();
  out('subscription', [log, subscription.closed]);
  const order: string[] = [];
  of('scheduled').pipe(observeOn(asapScheduler)).subscribe((v) => order.push(v));
  order.push('sync');
  await new Promise((r) => setTimeout(r, 1));
  out('asapScheduler', order);

  // virtual time
  const scheduler = new TestScheduler((actual, expected) =>
    out('marbles', [JSON.stringify(actual) === JSON.stringify(expected), (actual as Array<{ frame: number; notification: { kind: string; value?: unknown } }>).map((f) => `${f.frame}:${f.notification.kind}${f.notification.value ?? ''}`)]),
  );
  scheduler.run(({ cold: c, expectObservable }) => {
    const source = c('-a-b-c---d|', { a: 1, b: 2, c: 3, d: 4 });
    expectObservable(source.pipe(debounceTime(2), map((n) => n * 10))).toBe('-------c--(d|)', { c: 30, d: 40 });
  });
  scheduler.flush();
}

main().catch((e) => {
  console.log('driver failed:', e);
  process.exitCode = 1;
});
