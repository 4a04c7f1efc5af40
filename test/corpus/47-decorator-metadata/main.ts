// Case 47 (H): decorator metadata for dependency injection. This program's tsconfig asks for
// `emitDecoratorMetadata`, which the bundler does not implement (it never emits `design:*`
// metadata), so this program prints only metadata the program defines itself: `design:paramtypes`
// written by hand with `@Reflect.metadata` (what tsc would emit), parameter decorators, property
// and method decorators, and a DI container that resolves constructors from that metadata.
// It also prints the order in which decorators are evaluated and applied.
import { MetaReflect } from '../_shared/reflect-metadata-polyfill';

const order: string[] = [];
const INJECT_KEY = 'inject:tokens';

function Injectable(name?: string) {
  order.push(`evaluate @Injectable(${name ?? ''})`);
  return (target: Function) => {
    order.push(`apply @Injectable on ${target.name}`);
    MetaReflect.defineMetadata('injectable', name ?? target.name, target);
  };
}

function Inject(token: string) {
  order.push(`evaluate @Inject(${token})`);
  return (target: object, key: string | symbol | undefined, index: number) => {
    order.push(`apply @Inject(${token}) on ${(target as Function).name ?? 'proto'}#${String(key)}[${index}]`);
    const tokens = (MetaReflect.getOwnMetadata(INJECT_KEY, target, key) as string[] | undefined) ?? [];
    tokens[index] = token;
    MetaReflect.defineMetadata(INJECT_KEY, tokens, target, key);
  };
}

function Column(type: string) {
  return (target: object, key: string) => {
    order.push(`apply @Column(${type}) on ${key}`);
    MetaReflect.defineMetadata('column', type, target, key);
  };
}

function Timed() {
  return (target: object, key: string, descriptor: PropertyDescriptor) => {
    order.push(`apply @Timed on ${key} (descriptor.value.name=${descriptor.value.name})`);
    MetaReflect.defineMetadata('timed', true, descriptor.value);
  };
}

function Validate() {
  // A user-level wrapper: replaces the method and copies its metadata over, like well-behaved
  // decorator libraries do.
  return (target: object, key: string, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as Function;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      if (args.some((a) => a === undefined)) throw new TypeError(`${key}: undefined argument`);
      return original.apply(this, args);
    };
    for (const k of MetaReflect.getMetadataKeys(original)) MetaReflect.defineMetadata(k, MetaReflect.getMetadata(k, original), wrapped);
    Object.defineProperty(wrapped, 'name', { value: original.name });
    descriptor.value = wrapped;
    order.push(`apply @Validate on ${key}`);
    return descriptor;
  };
}

class Config {
  url = 'postgres://db';
}

@Injectable()
class Database {
  constructor(public config: Config) {}
}

@Injectable('logger')
class Logger {
  lines: string[] = [];
  log(m: string) {
    this.lines.push(m);
  }
}

@Injectable()
@Reflect.metadata('design:paramtypes', [Database, Logger, String])
class UserRepository {
  @Column('varchar')
  name = 'users';

  constructor(
    private db: Database,
    private logger: Logger,
    @Inject('TABLE_PREFIX') private prefix: string,
  ) {}

  @Timed()
  @Validate()
  find(id: string, @Inject('CTX') ctx?: string) {
    this.logger.log(`find ${id}`);
    return `${this.prefix}${this.name}/${id} via ${this.db.config.url} ctx=${ctx}`;
  }
}
MetaReflect.defineMetadata('design:paramtypes', [Config], Database);

// A tiny container: constructor dependencies come from design:paramtypes, overridden by @Inject.
const values = new Map<unknown, unknown>([['TABLE_PREFIX', 'app_']]);
function resolve<T>(token: unknown): T {
  if (values.has(token)) return values.get(token) as T;
  if (typeof token !== 'function') throw new Error(`no provider for ${String(token)}`);
  const types = (MetaReflect.getMetadata('design:paramtypes', token) as unknown[] | undefined) ?? [];
  const tokens = (MetaReflect.getMetadata(INJECT_KEY, token) as string[] | undefined) ?? [];
  const args = types.map((t, i) => resolve(tokens[i] ?? t));
  const instance = new (token as new (...a: unknown[]) => T)(...args);
  values.set(token, instance);
  return instance;
}

const repo = resolve<UserRepository>(UserRepository);
console.log(repo.find('u1', 'request-1'));
try {
  repo.find(undefined as unknown as string, 'request-2');
} catch (e) {
  console.log('validation:', (e as Error).message);
}

console.log('paramtypes(UserRepository):', (MetaReflect.getMetadata('design:paramtypes', UserRepository) as Function[]).map((f) => f.name).join(', '));
console.log('inject tokens(UserRepository):', JSON.stringify(MetaReflect.getMetadata(INJECT_KEY, UserRepository)));
console.log('inject tokens(find):', JSON.stringify(MetaReflect.getMetadata(INJECT_KEY, UserRepository.prototype, 'find')));
console.log('column(name):', MetaReflect.getMetadata('column', UserRepository.prototype, 'name'));
console.log('injectable:', MetaReflect.getMetadata('injectable', UserRepository), MetaReflect.getMetadata('injectable', Logger));
console.log('find metadata keys:', JSON.stringify(MetaReflect.getMetadataKeys(UserRepository.prototype.find)));
console.log('find name/length:', UserRepository.prototype.find.name, UserRepository.prototype.find.length);
console.log('logger lines:', JSON.stringify(resolve<Logger>(Logger).lines));
console.log('decorator order:');
for (const line of order) console.log('  ' + line);
