// Case 10 (B): `this` reaches the original body unchanged: via the instance, `.call(other)`,
// `.apply`, `bind`, `Reflect.apply`, detached calls, arrows capturing `this`, thisArg callbacks,
// static methods through subclasses, getters, and constructor functions.

class Repo {
  constructor(private tag: string) {}
  get(id: number) {
    return `${this.tag}#${id}`;
  }
}

class UserService {
  repo = new Repo('main-repo');
  find(id: number) {
    return this.repo.get(id);
  }
  findLater(id: number) {
    const arrow = () => this.find(id);
    return arrow();
  }
  collect(ids: number[]) {
    return ids.map(function (this: UserService, id) {
      return this.find(id);
    }, this);
  }
  get self() {
    return this === undefined ? 'undefined' : this.constructor.name;
  }
  static who() {
    return this.name;
  }
}
class AdminService extends UserService {}

function whoAmI(this: any) {
  if (this === undefined) return 'undefined';
  if (this === globalThis) return 'globalThis';
  return String(this.tag ?? typeof this);
}

function Legacy(this: any, v: string) {
  this.v = v;
  this.hasThis = this instanceof Legacy;
}

const s = new UserService();
const other = { repo: new Repo('other-repo') };

console.log('instance:', s.find(1));
console.log('call(other):', s.find.call(other, 2));
console.log('apply(other):', s.find.apply(other, [3]));
console.log('bind(other):', s.find.bind(other)(4));
console.log('Reflect.apply:', Reflect.apply(s.find, other, [5]));
console.log('arrow inside method:', s.findLater(6), s.findLater.call({ find: (id: number) => `stub.find ${id}` } as any, 7));
console.log('thisArg callback:', s.collect([8, 9]).join(','));
console.log('getter this:', s.self, Object.getOwnPropertyDescriptor(UserService.prototype, 'self')!.get!.call(other));
console.log('static this:', UserService.who(), AdminService.who());
const moved = { repo: new Repo('moved-repo'), find: s.find };
console.log('method moved to another object:', moved.find(10));

const { find } = s;
try {
  console.log('detached:', find(11));
} catch (e) {
  console.log('detached throws:', (e as Error).constructor.name, (e as Error).message);
}

console.log('plain function this:', whoAmI(), whoAmI.call({ tag: 'tagged' }), whoAmI.call(42 as any));
const l = new (Legacy as any)('x');
console.log('constructor function:', l.v, l.hasThis, l instanceof Legacy);
