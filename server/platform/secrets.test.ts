import { describe, expect, it } from 'vitest';
import { DUMMY_PASSWORD_HASH, generatePassword, hashPassword, hashToken, newToken, verifyPassword } from './secrets.ts';

describe('hashPassword', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });

  it('salts: the same password hashes differently twice', async () => {
    expect(await hashPassword('same password!')).not.toBe(await hashPassword('same password!'));
  });

  it('never matches the dummy hash used for unknown users', async () => {
    expect(await verifyPassword('', DUMMY_PASSWORD_HASH)).toBe(false);
  });
});

describe('newToken', () => {
  it('carries its prefix and 256 bits of randomness', () => {
    const token = newToken('tsd_');
    expect(token).toMatch(/^tsd_[\w-]{43}$/);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('generatePassword', () => {
  it('is 20 characters without look-alike characters', () => {
    for (let i = 0; i < 50; i++) expect(generatePassword()).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
  });
});
