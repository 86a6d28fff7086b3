import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.ts';

describe('RateLimiter.take', () => {
  it('allows up to the capacity at once, then asks to wait', () => {
    const limiter = new RateLimiter({ capacity: 3, perSecond: 1 });
    expect([0, 0, 0].map(() => limiter.take('ip', 1000))).toEqual([0, 0, 0]);
    expect(limiter.take('ip', 1000)).toBe(1);
  });

  it('refills at the given rate', () => {
    const limiter = new RateLimiter({ capacity: 2, perSecond: 0.5 });
    limiter.take('k', 0);
    limiter.take('k', 0);
    expect(limiter.take('k', 1000)).toBe(1); // half a token back after 1 s
    expect(limiter.take('k', 2000)).toBe(0); // a whole one after 2 s
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter({ capacity: 1, perSecond: 1 });
    expect(limiter.take('a', 0)).toBe(0);
    expect(limiter.take('b', 0)).toBe(0);
    expect(limiter.take('a', 0)).toBe(1);
  });

  it('forgets the least recently used key beyond its bound', () => {
    const limiter = new RateLimiter({ capacity: 1, perSecond: 0.001, maxKeys: 2 });
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('c', 0); // evicts a
    expect(limiter.take('a', 0)).toBe(0);
  });
});
