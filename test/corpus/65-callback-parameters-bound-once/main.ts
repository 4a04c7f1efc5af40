// Cases 26 (C) and 30 (E), derived: callback-last functions (their last parameter is
// `callback`, `cb` or `done`) whose other parameters have defaults with side effects and
// destructuring patterns that read getters. Each default and each getter runs once per call,
// as in any call, and `arguments` shows what the caller passed.

let ids = 0;
let reads = 0;
const log: string[] = [];
const nextId = () => ++ids;

function task(id = nextId(), callback: (err: null, id: number) => void) {
  callback(null, id);
}

function withOptions({ name, retries = nextId() }: { name: string; retries?: number }, cb: (err: null, v: string) => void) {
  cb(null, `${name}/${retries}`);
}

function countArgs(a: number, b = nextId(), done?: (err: null, n: number, b: number) => void) {
  const seen = Array.from(arguments).map((x) => typeof x);
  done?.(null, arguments.length, b);
  return seen.join(',');
}

const arrow = ([first, second = nextId()]: number[], callback: (err: null, v: number[]) => void) => callback(null, [first!, second]);

class Job {
  readonly log: string[] = [];
  constructor(readonly name = `job${nextId()}`, callback?: (err: null, job: Job) => void) {
    this.log.push(`constructed ${this.name}`);
    if (callback) callback(null, this);
  }
}

const options = {
  get name() {
    reads++;
    return 'opts';
  },
};

task(undefined, (_e, id) => log.push(`task id ${id}, ids ${ids}`));
task(7, (_e, id) => log.push(`task id ${id}, ids ${ids}`));
withOptions(options, (_e, v) => log.push(`withOptions ${v}, getter reads ${reads}, ids ${ids}`));
log.push(`countArgs -> ${countArgs(1, undefined, (_e, n, b) => log.push(`countArgs callback: ${n} arguments, b ${b}, ids ${ids}`))}`);
log.push(`countArgs without callback -> ${countArgs(1)}, ids ${ids}`);
arrow([1], (_e, v) => log.push(`arrow ${JSON.stringify(v)}, ids ${ids}`));
const job = new Job(undefined, (_e, j) => log.push(`Job callback ${j.name}, ids ${ids}`));
log.push(`Job ${job.name} ${JSON.stringify(job.log)} keys ${Object.keys(job).join(',')}`);
console.log(log.join('\n'));
