import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { describeLoginError } from './login-error.ts';

const SHANGHAI = 'Asia/Shanghai';
const NOW = new Date('2025-11-29T06:00:00Z'); // 14:00 in Shanghai
const error = (status: number, code: ConstructorParameters<typeof ApiError>[1]['code'], message: string) => new ApiError(status, { code, message });
const describeAt = (e: ApiError) => describeLoginError(e, SHANGHAI, NOW);

describe('describeLoginError', () => {
  it('says wrong username or password for a plain 401, without the server wording', () => {
    expect(describeAt(error(401, 'UNAUTHENTICATED', 'wrong username or password'))).toEqual({ key: 'login.wrong' });
  });

  it('names the unlock time in the bank zone when the account is locked', () => {
    expect(describeAt(error(429, 'RATE_LIMITED', 'account locked after repeated failures until 2025-11-29T06:15:00.000Z'))).toEqual({
      key: 'login.lockedUntil',
      params: { time: '14:15' },
      detail: 'account locked after repeated failures until 2025-11-29 14:15',
    });
  });

  it('gives the full date of an unlock on another day', () => {
    expect(describeAt(error(401, 'UNAUTHENTICATED', 'the account is locked until 2025-11-29T17:00:00Z')).params).toEqual({ time: '2025-11-30 01:00' });
  });

  it('says the account is locked, with the server message, when no time is named', () => {
    expect(describeAt(error(401, 'UNAUTHENTICATED', 'the account is locked'))).toEqual({ key: 'login.locked', detail: 'the account is locked' });
  });

  it('says to wait, with the server message, when throttled', () => {
    expect(describeAt(error(429, 'RATE_LIMITED', 'too many login attempts; try again in 60 s'))).toEqual({
      key: 'login.throttled',
      detail: 'too many login attempts; try again in 60 s',
    });
  });

  it('says the server cannot be reached on a network failure', () => {
    expect(describeAt(error(0, 'UNAVAILABLE', 'network error'))).toEqual({ key: 'common.networkError' });
  });

  it('asks for both fields on INVALID_INPUT', () => {
    expect(describeAt(error(400, 'INVALID_INPUT', 'username is required'))).toEqual({ key: 'login.missing' });
  });

  it('shows the server message for anything else', () => {
    expect(describeAt(error(500, 'INTERNAL', 'internal error'))).toEqual({ key: 'login.failed', detail: 'internal error' });
  });
});
