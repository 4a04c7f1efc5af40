// Case 16 (B): private methods, accessors and fields (`#m()`, `this.#x`, static privates,
// `#x in obj` brand checks), and the errors private access throws on foreign objects/Proxies.

class Account {
  #balance = 0;
  #log: string[] = [];
  static #count = 0;

  constructor(start: number) {
    this.#balance = start;
    Account.#count++;
  }
  #audit(message: string) {
    this.#log.push(message);
    return this.#log.length;
  }
  get #summary() {
    return `balance=${this.#balance} entries=${this.#log.length}`;
  }
  set #summary(v: string) {
    this.#audit(`summary set to ${v}`);
  }
  async #settle() {
    await null;
    return this.#balance;
  }
  *#history() {
    yield* this.#log;
  }
  static #make(start: number) {
    return new Account(start);
  }

  deposit(n: number) {
    this.#balance += n;
    return this.#audit(`deposit ${n}`);
  }
  summary() {
    this.#summary = 'touched';
    return this.#summary;
  }
  settle() {
    return this.#settle();
  }
  history() {
    return [...this.#history()];
  }
  privateNames() {
    return [this.#audit.name, this.#settle.name, this.#history.name, Account.#make.name].join(',');
  }
  static open(start: number) {
    return Account.#make(start);
  }
  static count() {
    return Account.#count;
  }
  static isAccount(o: object) {
    return #balance in o;
  }
  peekAt(other: any) {
    try {
      return String(other.#balance);
    } catch (e) {
      return `${(e as Error).constructor.name}: ${(e as Error).message}`;
    }
  }
  callAuditOn(other: any) {
    try {
      return String(this.#audit.call(other, 'x'));
    } catch (e) {
      return `${(e as Error).constructor.name}: ${(e as Error).message}`;
    }
  }
}

const acc = Account.open(10);
console.log('deposit ->', acc.deposit(5), acc.deposit(7));
console.log('summary ->', acc.summary());
console.log('history ->', acc.history().join(' | '));
console.log('private names ->', acc.privateNames());
console.log('count ->', Account.count());
console.log('#balance in acc ->', Account.isAccount(acc), 'in {} ->', Account.isAccount({}));
console.log('peek other account ->', acc.peekAt(new Account(99)));
console.log('peek plain object ->', acc.peekAt({}));
console.log('private method on foreign this ->', acc.callAuditOn({}));
console.log('own keys ->', JSON.stringify(Object.keys(acc)), Object.getOwnPropertyNames(Account.prototype).join(','));
const proxy = new Proxy(acc, {});
try {
  proxy.deposit(1);
  console.log('deposit through Proxy -> ok');
} catch (e) {
  console.log('deposit through Proxy ->', `${(e as Error).constructor.name}: ${(e as Error).message}`);
}
console.log('#balance in proxy ->', Account.isAccount(proxy));
acc.settle().then((v) => console.log('settle ->', v, 'count ->', Account.count()));
