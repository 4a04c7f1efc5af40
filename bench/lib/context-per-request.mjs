// Preloaded (`node --import`) into the bare HTTP build: every request runs inside one
// AsyncLocalStorage.run(), as under any OpenTelemetry context manager, and nothing else is added.
// On Node 20 an entered AsyncLocalStorage turns on async hooks for every promise and resource the
// request makes afterwards: that cost is the floor under any tracing that propagates a context.
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';

const storage = new AsyncLocalStorage();
const emit = http.Server.prototype.emit;
const store = { request: true };

http.Server.prototype.emit = function emitInContext(event) {
  if (event !== 'request') return Reflect.apply(emit, this, arguments);
  return storage.run(store, Reflect.apply, emit, this, arguments);
};
