/**
 * A process with the server's process guard installed, for tests/integration/process-guard.test.ts.
 * FAULT says what goes wrong: a stray rejection, an exception thrown from postgres.js's connection
 * code in a timer (the crash of porsager/postgres#1154), or a bug of the app's own. It prints
 * `alive` once it has kept running 300 ms after the fault.
 */
import pino from 'pino';
import { installProcessGuard } from '../../../server/platform/process-guard.ts';

installProcessGuard({ logger: pino({ level: 'info' }) });
const fault = process.env.FAULT;
if (fault === 'rejection') {
  void Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
} else if (fault === 'driver') {
  setImmediate(() => {
    const error = new TypeError("Cannot read properties of null (reading 'write')");
    error.stack = `${error.name}: ${error.message}\n    at Immediate.nextWrite (/srv/touchstone/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:483:21)`;
    throw error;
  });
} else if (fault === 'bug') {
  setImmediate(() => {
    throw new TypeError('the app itself is broken');
  });
}
setTimeout(() => {
  process.stdout.write('alive\n');
  process.exit(0);
}, 300);
