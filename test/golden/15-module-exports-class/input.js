const EventEmitter = require('events');

module.exports = class extends EventEmitter {
  constructor(opts) {
    super();
    this.opts = opts;
  }
  start() {
    this.emit('start');
    return this;
  }
  static of(opts) {
    return new this(opts);
  }
};
