import { describe, expect, it } from 'vitest';
import { GroupRead } from './group-read.ts';

const slowRead = (reads: string[][]) => async (keys: string[]) => {
  reads.push(keys);
  await new Promise((resolve) => setTimeout(resolve, 10));
  return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.toUpperCase()]));
};

describe('GroupRead', () => {
  it('reads the first ask at once and the asks made meanwhile together, once per key', async () => {
    const reads: string[][] = [];
    const group = new GroupRead(slowRead(reads), 100);
    const answers = await Promise.all([['a'], ['b', 'c'], ['c', 'missing'], ['d']].map((keys) => group.get(keys)));
    expect(reads).toEqual([['a'], ['b', 'c', 'missing', 'd']]);
    expect(answers[0]!.get('a')).toBe('A');
    expect(answers[2]!.get('c')).toBe('C');
    expect(answers[2]!.has('missing')).toBe(false);
  });

  it('never answers an ask from a read that started before it was made', async () => {
    let version = 0;
    const group = new GroupRead(async (keys: string[]) => {
      const seen = version;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return new Map(keys.map((k) => [k, seen]));
    }, 100);
    const first = group.get(['k']);
    version = 1; // e.g. a revocation committed after the first read began
    const second = group.get(['k']);
    expect((await first).get('k')).toBe(0);
    expect((await second).get('k')).toBe(1);
  });

  it('caps a read at maxKeys (one bigger ask still goes alone) and fails only the asks of a failed read', async () => {
    const reads: string[][] = [];
    const group = new GroupRead(async (keys: string[]) => {
      reads.push(keys);
      if (keys.includes('bad')) throw new Error('boom');
      return new Map(keys.map((k) => [k, k]));
    }, 2);
    const results = await Promise.allSettled([['a'], ['b', 'c'], ['x', 'y', 'z'], ['bad'], ['e']].map((keys) => group.get(keys)));
    expect(reads).toEqual([['a'], ['b', 'c'], ['x', 'y', 'z'], ['bad', 'e']]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
  });
});

describe('GroupRead keeping what it read', () => {
  it('answers from memory for keepMs after the read began, then reads again; keys not found are always read', async () => {
    let now = 1000;
    const reads: string[][] = [];
    const group = new GroupRead(slowRead(reads), 100, { keepMs: 1000, now: () => now });
    await group.get(['a', 'missing']);
    now = 1999;
    expect((await group.get(['a'])).get('a')).toBe('A');
    await group.get(['a', 'missing']);
    expect(reads).toEqual([['a', 'missing'], ['a', 'missing']]);
    now = 2999; // the second read began at 1999: still kept
    await group.get(['a']);
    now = 3000;
    await group.get(['a']);
    expect(reads).toHaveLength(3);
  });

  it('forgets at once, also what a read that began before forget() found', async () => {
    const reads: string[][] = [];
    const group = new GroupRead(slowRead(reads), 100, { keepMs: 60_000 });
    await group.get(['a']);
    group.forget(); // e.g. the key was revoked on this instance
    await group.get(['a']);
    const inFlight = group.get(['b']);
    group.forget();
    await inFlight;
    await group.get(['b']);
    expect(reads).toEqual([['a'], ['a'], ['b'], ['b']]);
  });

  it('drops a kept key the next read no longer finds', async () => {
    let now = 0;
    let present = true;
    const group = new GroupRead(async (keys: string[]) => new Map(present ? keys.map((k) => [k, k]) : []), 100, { keepMs: 100, now: () => now });
    await group.get(['k']);
    now = 150;
    present = false;
    expect((await group.get(['k'])).has('k')).toBe(false);
    now = 160;
    present = true;
    expect((await group.get(['k'])).get('k')).toBe('k'); // read again, not "kept as missing"
  });
});
