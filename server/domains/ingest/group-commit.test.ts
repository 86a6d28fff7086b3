import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

describe('GroupCommit', () => {
  it('runs the first item at once and the items submitted meanwhile together, answering each its own result', async () => {
    const runs: number[][] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      runs.push(items);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return items.map((i) => i * 10);
    }, { sizeOf: () => 1, maxSize: 100 });
    expect(await Promise.all([1, 2, 3, 4].map((i) => group.submit(i)))).toEqual([10, 20, 30, 40]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('caps a group at maxSize (a single bigger item still runs alone)', async () => {
    const runs: number[][] = [];
    const group = new GroupCommit<number, number>(async (items) => (runs.push(items), items), { sizeOf: (i) => i, maxSize: 5 });
    await Promise.all([1, 2, 3, 9, 1].map((i) => group.submit(i)));
    expect(runs).toEqual([[1], [2, 3], [9], [1]]);
  });

  it('retries a failed group item by item, so only the bad item fails', async () => {
    const group = new GroupCommit<number, number>(async (items) => {
      if (items.includes(3)) throw new Error('bad 3');
      return items;
    }, { sizeOf: () => 1, maxSize: 100 });
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => group.submit(i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  });
});
