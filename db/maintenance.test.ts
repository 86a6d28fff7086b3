import { describe, expect, it } from 'vitest';
import { maintenanceDue, type TableActivity } from './maintenance.ts';

const table = (over: Partial<TableActivity>): TableActivity => ({ schema: 'public', table: 'tickets', rows: 0, deadRows: 0, insertedSinceVacuum: 0, modifiedSinceAnalyze: 0, ...over });

describe('maintenanceDue (autovacuum defaults)', () => {
  it('leaves a quiet table alone', () => {
    expect(maintenanceDue(table({ rows: 10_000, deadRows: 2_000, insertedSinceVacuum: 3_000, modifiedSinceAnalyze: 1_050 }))).toBeUndefined();
  });

  it('analyses after 50 + 10 % of the rows changed', () => {
    expect(maintenanceDue(table({ rows: 10_000, modifiedSinceAnalyze: 1_050 }))).toBeUndefined();
    expect(maintenanceDue(table({ rows: 10_000, modifiedSinceAnalyze: 1_051 }))).toBe('analyze');
  });

  it('vacuums after 50 + 20 % dead rows, or 1,000 + 20 % inserted rows', () => {
    expect(maintenanceDue(table({ rows: 10_000, deadRows: 2_051 }))).toBe('vacuum');
    expect(maintenanceDue(table({ rows: 10_000, insertedSinceVacuum: 3_000 }))).toBeUndefined();
    expect(maintenanceDue(table({ rows: 10_000, insertedSinceVacuum: 3_001 }))).toBe('vacuum');
  });

  it('vacuums a big table after 100,000 changed rows at most (it runs on the event loop), analyses it by the scale factor', () => {
    const events = table({ table: 'service_events', rows: 20_000_000 });
    expect(maintenanceDue({ ...events, insertedSinceVacuum: 100_000 })).toBeUndefined();
    expect(maintenanceDue({ ...events, insertedSinceVacuum: 100_001 })).toBe('vacuum');
    expect(maintenanceDue({ ...events, deadRows: 100_001 })).toBe('vacuum');
    expect(maintenanceDue({ ...events, modifiedSinceAnalyze: 2_000_050 })).toBeUndefined();
    expect(maintenanceDue({ ...events, insertedSinceVacuum: 50_000, modifiedSinceAnalyze: 2_000_051 })).toBe('analyze');
  });

  it('does both in one statement when both are due', () => {
    expect(maintenanceDue(table({ rows: 10_000, deadRows: 5_000, modifiedSinceAnalyze: 5_000 }))).toBe('vacuum (analyze)');
  });

  it('treats a table never analysed (reltuples −1) as empty: a few changes are enough', () => {
    expect(maintenanceDue(table({ rows: -1, modifiedSinceAnalyze: 51 }))).toBe('analyze');
    expect(maintenanceDue(table({ rows: -1, modifiedSinceAnalyze: 50 }))).toBeUndefined();
  });
});
