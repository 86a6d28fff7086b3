import { describe, expect, it } from 'vitest';
import { ADDRESS_REFILL_SECONDS, FAILURES_PER_ADDRESS, addressWait, afterAddressFailure, afterNameFailure, nameLockedUntil, type LoginFailures } from './login-guard.rules.ts';

const at = (iso: string) => new Date(iso);
const T0 = at('2026-12-07T02:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('a name key (unknown name, administrator per address)', () => {
  it('locks on the fifth failure in a row for 15 minutes, and starts counting again once served', () => {
    let state: LoginFailures | undefined;
    for (let i = 1; i <= 4; i++) {
      state = afterNameFailure(state, later(i));
      expect(state.lockedUntil).toBeNull();
    }
    state = afterNameFailure(state, later(5));
    expect(state.lockedUntil).toEqual(later(5 + 15 * 60));
    expect(nameLockedUntil(state, later(6))).toEqual(later(5 + 15 * 60));
    expect(nameLockedUntil(state, later(5 + 15 * 60))).toBeNull();
    const again = afterNameFailure(state, later(5 + 15 * 60 + 1));
    expect(again).toMatchObject({ failures: 1, lockedUntil: null });
  });
});

describe('an address budget (password spraying)', () => {
  it('allows twenty failures at once, then one per 30 s as the budget refills', () => {
    let state: LoginFailures | undefined;
    for (let i = 0; i < FAILURES_PER_ADDRESS; i++) {
      expect(addressWait(state, T0)).toBe(0);
      state = afterAddressFailure(state, T0);
    }
    expect(addressWait(state, T0)).toBe(ADDRESS_REFILL_SECONDS);
    expect(addressWait(state, later(10))).toBe(ADDRESS_REFILL_SECONDS - 10);
    expect(addressWait(state, later(ADDRESS_REFILL_SECONDS))).toBe(0);
    state = afterAddressFailure(state, later(ADDRESS_REFILL_SECONDS));
    expect(addressWait(state, later(ADDRESS_REFILL_SECONDS))).toBe(ADDRESS_REFILL_SECONDS);
  });

  it('forgives everything after a quiet spell, and a clock set back refills nothing', () => {
    let state: LoginFailures | undefined;
    for (let i = 0; i < FAILURES_PER_ADDRESS; i++) state = afterAddressFailure(state, T0);
    expect(addressWait(state, later(FAILURES_PER_ADDRESS * ADDRESS_REFILL_SECONDS))).toBe(0);
    expect(afterAddressFailure(state, later(FAILURES_PER_ADDRESS * ADDRESS_REFILL_SECONDS)).spent).toBe(1);
    expect(addressWait(state, later(-3600))).toBe(ADDRESS_REFILL_SECONDS);
  });
});
