import { describe, expect, it } from 'vitest';
import { authorize, authorizeEvent, can, isLocked, lockoutAfterFailure, parseScopeText, roleForStaffJob, scopeCovers, scopeText } from './access.rules.ts';
import type { OrgTarget, Principal, Scope } from './access.types.ts';

// Regions 1 (head office) → 2 (北京分行) → 3 (朝阳支行); branch 10 under 3, branch 20 under region 5 (上海分行).
const branch10: OrgTarget = { kind: 'branch', branchId: '10', ancestorRegionIds: ['1', '2', '3'] };
const branch20: OrgTarget = { kind: 'branch', branchId: '20', ancestorRegionIds: ['1', '5'] };
const region3: OrgTarget = { kind: 'region', regionId: '3', ancestorRegionIds: ['1', '2', '3'] };
const user = (role: Principal & { kind: 'user' } extends { role: infer R } ? R : never, scope: Scope): Principal =>
  ({ kind: 'user', userId: '1', username: 'u', role, scope, staffCode: null, sessionId: '1' });
const bjRegion: Scope = { kind: 'region', regionId: '2', code: 'BJ' };
const branch10Scope: Scope = { kind: 'branch', branchId: '10', code: 'BJ0101' };

describe('scopeCovers', () => {
  it('covers everything from the bank', () => {
    expect([branch10, branch20, region3, { kind: 'bank' } as const].every((t) => scopeCovers({ kind: 'bank' }, t))).toBe(true);
  });
  it('covers a region’s whole subtree and nothing beside it', () => {
    expect(scopeCovers(bjRegion, branch10)).toBe(true);
    expect(scopeCovers(bjRegion, region3)).toBe(true);
    expect(scopeCovers(bjRegion, branch20)).toBe(false);
    expect(scopeCovers(bjRegion, { kind: 'bank' })).toBe(false);
  });
  it('covers only the branch itself from a branch scope', () => {
    expect(scopeCovers(branch10Scope, branch10)).toBe(true);
    expect(scopeCovers(branch10Scope, branch20)).toBe(false);
    expect(scopeCovers(branch10Scope, region3)).toBe(false);
  });
});

describe('can', () => {
  it('lets a branch head see full customer data in their branch only', () => {
    const head = user('branch_head', branch10Scope);
    expect(can(head, 'customers.read_pii', branch10)).toBe(true);
    expect(can(head, 'customers.read_pii', branch20)).toBe(false);
  });
  it('never shows full customer data to leadership or inspectors', () => {
    expect(can(user('leader', { kind: 'bank' }), 'customers.read_pii', branch10)).toBe(false);
    expect(can(user('inspector', { kind: 'bank' }), 'customers.read_pii', branch10)).toBe(false);
  });
  it('keeps user, screen and key management to administrators', () => {
    for (const role of ['leader', 'region_manager', 'inspector', 'complaint_handler', 'branch_head', 'staff'] as const) {
      expect(can(user(role, { kind: 'bank' }), 'users.manage')).toBe(false);
    }
    expect(can(user('admin', { kind: 'bank' }), 'users.manage')).toBe(true);
  });
  it('gives a display token the wall and nothing else', () => {
    const screen: Principal = { kind: 'display_token', tokenId: '1', name: 'wall', scope: bjRegion };
    expect(can(screen, 'wall.view', branch10)).toBe(true);
    expect(can(screen, 'wall.view', branch20)).toBe(false);
    expect(can(screen, 'customers.read')).toBe(false);
  });
});

describe('authorize', () => {
  it('answers FORBIDDEN for a missing permission, and NOT_FOUND outside scope when hiding', () => {
    expect(() => authorize(user('staff', branch10Scope), 'audit.read')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => authorize(user('staff', branch10Scope), 'customers.read', branch20, { hideOutsideScope: true })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => authorize(user('staff', branch10Scope), 'customers.read', branch20)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

describe('authorizeEvent', () => {
  const key: Principal = { kind: 'api_key', keyId: '1', name: 'queue', prefix: 'tsk_abc', scope: bjRegion, eventTypes: ['ticket.issued'] };
  it('accepts the key’s event types inside its scope', () => {
    expect(() => authorizeEvent(key, 'ticket.issued', branch10)).not.toThrow();
  });
  it('rejects another event type, naming the type field', () => {
    expect(() => authorizeEvent(key, 'evaluation.submitted', branch10)).toThrow(expect.objectContaining({ code: 'FORBIDDEN', issues: [expect.objectContaining({ field: 'type' })] }));
  });
  it('rejects a branch outside the key’s scope, naming the branch field', () => {
    expect(() => authorizeEvent(key, 'ticket.issued', branch20)).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ field: 'branch' })] }));
  });
  it('rejects people: only integrators ingest', () => {
    expect(() => authorizeEvent(user('admin', { kind: 'bank' }), 'ticket.issued', branch10)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

describe('lockoutAfterFailure', () => {
  const now = new Date('2026-11-28T02:00:00Z');
  it('locks for 15 minutes at the fifth failure in a row, not before', () => {
    expect(lockoutAfterFailure(4, now)).toBeNull();
    expect(lockoutAfterFailure(5, now)).toEqual(new Date('2026-11-28T02:15:00Z'));
    expect(lockoutAfterFailure(6, now)).toEqual(new Date('2026-11-28T02:15:00Z'));
  });
  it('counts a lock as over at its end', () => {
    const until = new Date('2026-11-28T02:15:00Z');
    expect(isLocked(until, new Date('2026-11-28T02:14:59Z'))).toBe(true);
    expect(isLocked(until, until)).toBe(false);
  });
});

describe('parseScopeText', () => {
  it('reads bank, region:<code> and branch:<code>, naming the field otherwise', () => {
    expect(parseScopeText('bank')).toEqual({ kind: 'bank' });
    expect(parseScopeText('branch:BJ0101')).toEqual({ kind: 'branch', code: 'BJ0101' });
    expect(() => parseScopeText('city:BJ', 'args.scope')).toThrow('args.scope: must be bank, region:<code> or branch:<code>');
    expect(scopeText(bjRegion)).toBe('region:BJ');
  });
});

describe('roleForStaffJob', () => {
  it('maps a deputy to branch head and everyone at the counter to staff', () => {
    expect(roleForStaffJob('deputy_head')).toBe('branch_head');
    expect(roleForStaffJob('teller')).toBe('staff');
    expect(roleForStaffJob('account_manager')).toBe('staff');
  });
});
