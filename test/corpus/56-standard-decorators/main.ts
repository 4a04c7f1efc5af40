// Standard (TC39) decorators (case 43, newer syntax; no experimentalDecorators): method, field,
// accessor, getter, static and class decorators, `context.addInitializer`, and decorators that
// replace a method with their own wrapper. Evaluation and application order is printed.

const log: string[] = [];

function logged<T extends (this: any, ...args: any[]) => any>(value: T, context: ClassMethodDecoratorContext) {
  log.push(`decorate ${context.kind} ${String(context.name)} static=${context.static} private=${context.private}`);
  context.addInitializer(function (this: unknown) {
    log.push(`initializer for ${String(context.name)}`);
  });
  return function (this: unknown, ...args: unknown[]) {
    log.push(`call ${String(context.name)}(${args.join(',')})`);
    return value.apply(this, args);
  } as unknown as T;
}

function tagged(tag: string) {
  return function (_value: undefined, context: ClassFieldDecoratorContext) {
    log.push(`decorate field ${String(context.name)} with ${tag}`);
    return (initial: unknown) => `${tag}:${String(initial)}`;
  };
}

function observed<This, V>(target: ClassAccessorDecoratorTarget<This, V>, context: ClassAccessorDecoratorContext<This, V>) {
  log.push(`decorate accessor ${String(context.name)}`);
  return {
    get(this: This) {
      const v = target.get.call(this);
      log.push(`get ${String(context.name)} -> ${String(v)}`);
      return v;
    },
    set(this: This, v: V) {
      log.push(`set ${String(context.name)} <- ${String(v)}`);
      target.set.call(this, v);
    },
  };
}

function getterDecorator(value: () => unknown, context: ClassGetterDecoratorContext) {
  log.push(`decorate getter ${String(context.name)}`);
  return function (this: unknown) {
    return `decorated(${String(value.call(this))})`;
  };
}

function sealedClass(value: Function, context: ClassDecoratorContext) {
  log.push(`decorate class ${String(context.name)}`);
  context.addInitializer(() => log.push(`class initializer ${String(context.name)}`));
}

@sealedClass
class Service {
  @tagged('env') env = 'prod';
  @observed accessor level = 1;

  @logged
  add(a: number, b: number) {
    return a + b;
  }

  @logged
  static create() {
    return new Service();
  }

  @logged
  #secret() {
    return 'secret';
  }

  @getterDecorator
  get status() {
    return `level ${this.level}`;
  }

  revealSecret() {
    return this.#secret();
  }
}

log.push('--- class defined');
const s = Service.create();
log.push(`add -> ${s.add(2, 3)}`);
log.push(`env -> ${s.env}`);
s.level = 5;
log.push(`status -> ${s.status}`);
log.push(`secret -> ${s.revealSecret()}`);
log.push(`replaced method name -> ${JSON.stringify(Service.prototype.add.name)} length -> ${Service.prototype.add.length}`);
for (const l of log) console.log(l);
