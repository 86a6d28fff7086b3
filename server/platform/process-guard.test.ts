import { describe, expect, it } from 'vitest';
import { describeEscapedError, isSurvivable } from './process-guard.ts';

describe('process guard rules', () => {
  it('survives socket errors and throws from postgres.js connection code', () => {
    expect(isSurvivable(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isSurvivable(Object.assign(new Error('write CONNECTION_ENDED'), { code: 'CONNECTION_ENDED' }))).toBe(true);
    const driver = new TypeError("Cannot read properties of null (reading 'write')");
    driver.stack = `TypeError: Cannot read properties of null (reading 'write')\n    at Immediate.nextWrite (/app/node_modules/postgres/src/connection.js:255:12)\n    at process.processImmediate (node:internal/timers:483:21)`;
    expect(isSurvivable(driver)).toBe(true);
  });

  it('does not survive programming errors of the app or non-errors', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    bug.stack = `TypeError: x\n    at createComplaint (/app/server/domains/complaints/complaint.service.ts:40:3)`;
    expect(isSurvivable(bug)).toBe(false);
    expect(isSurvivable('boom')).toBe(false);
    expect(isSurvivable(new RangeError('Maximum call stack size exceeded'))).toBe(false);
  });

  it('never logs the message of a database error (it quotes the values)', () => {
    const pgError = Object.assign(new Error('invalid input syntax for type json: 13800138000'), { name: 'PostgresError', code: '22P02', severity: 'ERROR' });
    const described = describeEscapedError(pgError);
    expect(described).toMatchObject({ name: 'PostgresError', code: '22P02' });
    expect(JSON.stringify(described)).not.toContain('13800138000');
    expect(describeEscapedError(new Error('socket hang up'))).toMatchObject({ message: 'socket hang up' });
  });
});
