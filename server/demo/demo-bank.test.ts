import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { generateDemoBank, type DemoRecord } from './demo-bank.ts';
import { idCheckDigit, isValidIdNumber } from './identity.ts';
import { solarToLunar } from './lunar.ts';
import { CITIES } from './places.ts';

// One default-size bank shared by the read-only checks below (generation takes well under a second).
const bank = generateDemoBank();
const byCode = (records: DemoRecord[]): Map<string, DemoRecord> => new Map(records.map((r) => [r.code as string, r]));
const regions = byCode(bank.regions);
const branches = byCode(bank.branches);
const staff = byCode(bank.staff);

const COLUMNS = {
  regions: ['code', 'name', 'name_en', 'kind', 'parent_code'],
  branches: ['code', 'name', 'region_code', 'address', 'head_staff_code', 'feishu_chat_id', 'active'],
  staff: ['code', 'name', 'role', 'branch_code', 'region_code', 'feishu_open_id', 'feishu_user_id', 'mobile', 'email', 'active'],
  customers: [
    'code', 'name', 'branch_code', 'account_manager_code', 'tier', 'birthday', 'birthday_calendar',
    'birthday_leap_month', 'phone', 'id_number', 'care_opt_out',
  ],
} as const;
const MOBILE = /^1(3\d|5[0-35-9]|8\d|9[1-35-9])\d{8}$/;
const CHINESE_NAME = /^[\u4e00-\u9fa5]{2,4}$/;
/** Digits 7–14 of a resident ID number are the holder's (solar) birth date. */
const idBirthDate = (id: string): string => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;

describe('generateDemoBank', () => {
  it('returns byte-identical records for the same seed', () => {
    expect(JSON.stringify(generateDemoBank())).toBe(JSON.stringify(bank));
  });

  it('returns different records for a different seed', () => {
    const a = generateDemoBank({ seed: 7, customersTotal: 500 });
    const b = generateDemoBank({ seed: 8, customersTotal: 500 });
    expect(JSON.stringify(a.staff)).not.toBe(JSON.stringify(b.staff));
    expect(JSON.stringify(a.customers)).not.toBe(JSON.stringify(b.customers));
  });

  it('keeps the organisation unchanged when only the customer count changes', () => {
    const fewer = generateDemoBank({ customersTotal: 100 });
    expect(JSON.stringify([fewer.regions, fewer.branches, fewer.staff])).toBe(JSON.stringify([bank.regions, bank.branches, bank.staff]));
  });

  it('builds at least 12 branch offices, 240 outlets, 3,000 staff and exactly the requested customers', () => {
    const kinds = bank.regions.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'head_office')).toEqual(['head_office']);
    expect(kinds.filter((k) => k === 'branch_office').length).toBeGreaterThanOrEqual(12);
    expect(bank.branches.length).toBeGreaterThanOrEqual(240);
    expect(bank.staff.length).toBeGreaterThanOrEqual(3000);
    expect(bank.customers.length).toBe(50_000);
    expect(bank.counts).toEqual({ regions: bank.regions.length, branches: bank.branches.length, staff: bank.staff.length, customers: 50_000 });
  });

  it('honours branchOffices and customersTotal', () => {
    const small = generateDemoBank({ branchOffices: 12, customersTotal: 1234 });
    expect(small.regions.filter((r) => r.kind === 'branch_office')).toHaveLength(12);
    expect(small.customers).toHaveLength(1234);
  });

  it('rejects more branch offices than it has cities for, and a malformed today', () => {
    expect(() => generateDemoBank({ branchOffices: CITIES.length + 1 })).toThrow(RangeError);
    expect(() => generateDemoBank({ today: '2026-02-30' })).toThrow(RangeError);
  });

  it('emits exactly the import columns, every value a string', () => {
    for (const entity of ['regions', 'branches', 'staff', 'customers'] as const) {
      const expected = COLUMNS[entity].join(',');
      const malformed = bank[entity].filter(
        (record) => Object.keys(record).join(',') !== expected || Object.values(record).some((v) => typeof v !== 'string'),
      );
      expect(malformed).toEqual([]);
    }
  });

  it('hangs every branch office under HO and 2–4 sub-branches under each branch office', () => {
    for (const region of bank.regions) {
      if (region.kind === 'head_office') expect(region.parent_code).toBe('');
      if (region.kind === 'branch_office') expect(region.parent_code).toBe('HO');
      if (region.kind === 'sub_branch') expect(regions.get(region.parent_code as string)?.kind).toBe('branch_office');
    }
    for (const office of bank.regions.filter((r) => r.kind === 'branch_office')) {
      const subBranches = bank.regions.filter((r) => r.parent_code === office.code);
      expect(subBranches.length).toBeGreaterThanOrEqual(2);
      expect(subBranches.length).toBeLessThanOrEqual(4);
    }
  });

  it('places every outlet under an existing sub-branch, with a unique name and an address in its city', () => {
    for (const branch of bank.branches) {
      const subBranch = regions.get(branch.region_code as string);
      expect(subBranch?.kind).toBe('sub_branch');
      expect(branch.code?.startsWith(branch.region_code as string)).toBe(true);
      expect(branch.address).toMatch(/^\S+市\S+区\S+\d+号$/);
    }
    expect(new Set(bank.branches.map((b) => b.name)).size).toBe(bank.branches.length);
  });

  it('gives outlet staff an existing branch code only and office staff an existing region code only', () => {
    const outletRoles = new Set(['branch_head', 'deputy_head', 'lobby_manager', 'account_manager', 'teller', 'staff']);
    for (const person of bank.staff) {
      if (outletRoles.has(person.role as string)) {
        expect(branches.has(person.branch_code as string)).toBe(true);
        expect(person.region_code).toBe('');
      } else {
        expect(regions.has(person.region_code as string)).toBe(true);
        expect(person.branch_code).toBe('');
      }
    }
  });

  it('staffs each outlet with exactly one branch_head and lobby_manager, 3–8 tellers and 2–6 account managers', () => {
    const roleCounts = new Map<string, Record<string, number>>();
    for (const person of bank.staff.filter((s) => s.branch_code)) {
      const counts = roleCounts.get(person.branch_code as string) ?? {};
      counts[person.role as string] = (counts[person.role as string] ?? 0) + 1;
      roleCounts.set(person.branch_code as string, counts);
    }
    for (const branch of bank.branches) {
      const counts = roleCounts.get(branch.code as string) ?? {};
      expect(counts.branch_head).toBe(1);
      expect(counts.lobby_manager).toBe(1);
      expect(counts.deputy_head ?? 0).toBeLessThanOrEqual(1);
      expect(counts.teller).toBeGreaterThanOrEqual(3);
      expect(counts.teller).toBeLessThanOrEqual(8);
      expect(counts.account_manager).toBeGreaterThanOrEqual(2);
      expect(counts.account_manager).toBeLessThanOrEqual(6);
    }
    expect(bank.staff.filter((s) => s.role === 'leader' && s.region_code === 'HO').length).toBeGreaterThan(0);
  });

  it('assigns every customer to an existing outlet and an active account manager of that same outlet', () => {
    const misassigned = bank.customers.filter((customer) => {
      const manager = staff.get(customer.account_manager_code as string);
      return (
        !branches.has(customer.branch_code as string) ||
        manager?.role !== 'account_manager' ||
        manager.branch_code !== customer.branch_code ||
        manager.active !== 'true'
      );
    });
    expect(misassigned).toEqual([]);
  });

  it('uses unique codes per entity, unique mobiles across staff and customers, and unique ID numbers', () => {
    for (const entity of ['regions', 'branches', 'staff', 'customers'] as const) {
      expect(new Set(bank[entity].map((r) => r.code)).size).toBe(bank[entity].length);
    }
    const mobiles = [...bank.staff.map((s) => s.mobile), ...bank.customers.map((c) => c.phone)];
    expect(mobiles.every((m) => MOBILE.test(m as string))).toBe(true);
    expect(new Set(mobiles).size).toBe(mobiles.length);
    expect(new Set(bank.customers.map((c) => c.id_number)).size).toBe(bank.customers.length);
  });

  it('issues ID numbers with a valid check digit, an area code of the outlet city and the solar birth date', () => {
    const areaCodes = new Map(CITIES.map((c) => [c.code, new Set(c.districts.map((d) => d.adcode))]));
    const wrong = bank.customers.filter((customer) => {
      const id = customer.id_number as string;
      return (
        !isValidIdNumber(id) ||
        !areaCodes.get((customer.branch_code as string).slice(0, 2))?.has(id.slice(0, 6)) ||
        (customer.birthday_calendar === 'solar' && idBirthDate(id) !== customer.birthday)
      );
    });
    expect(wrong).toEqual([]);
  });

  it('keeps customers aged 18 to 85 on today (2026-01-01 by default)', () => {
    const ages = bank.customers.map((customer) => {
      const birth = idBirthDate(customer.id_number as string);
      return 2026 - Number(birth.slice(0, 4)) - (birth.slice(5) > '01-01' ? 1 : 0);
    });
    expect(ages.reduce((a, b) => Math.min(a, b))).toBe(18);
    expect(ages.reduce((a, b) => Math.max(a, b))).toBe(85);
  });

  it('keeps about 15% of birthdays lunar, each the lunar date of the ID birth date (chinese-days agrees)', () => {
    const lunar = bank.customers.filter((c) => c.birthday_calendar === 'lunar');
    expect(lunar.length / bank.customers.length).toBeGreaterThan(0.12);
    expect(lunar.length / bank.customers.length).toBeLessThan(0.18);
    expect(lunar.some((c) => c.birthday_leap_month === 'true')).toBe(true);
    lunar.forEach((customer, i) => {
      if (i % 20 !== 0) return; // chinese-days is slow; a 5% sample is plenty
      const expected = chineseDays.getLunarDate(idBirthDate(customer.id_number as string));
      const [y, m, d] = (customer.birthday as string).split('-').map(Number);
      expect({ y, m, d, leap: customer.birthday_leap_month === 'true' }).toEqual({
        y: expected.lunarYear, m: expected.lunarMon, d: expected.lunarDay, leap: expected.isLeap,
      });
    });
    expect(bank.customers.filter((c) => c.birthday_calendar === 'solar').every((c) => c.birthday_leap_month === 'false')).toBe(true);
  });

  it('skews tiers to mass with private the rarest, and opts about 3% out of care', () => {
    const share = (predicate: (c: DemoRecord) => boolean): number => bank.customers.filter(predicate).length / bank.customers.length;
    expect(share((c) => c.tier === 'mass')).toBeGreaterThan(0.7);
    expect(share((c) => c.tier === 'private')).toBeGreaterThan(0);
    expect(share((c) => c.tier === 'private')).toBeLessThan(share((c) => c.tier === 'diamond'));
    expect(share((c) => c.care_opt_out === 'true')).toBeGreaterThan(0.02);
    expect(share((c) => c.care_opt_out === 'true')).toBeLessThan(0.04);
  });

  it('names every person with 2–4 Chinese characters', () => {
    expect([...bank.staff, ...bank.customers].every((p) => CHINESE_NAME.test(p.name as string))).toBe(true);
  });
});

describe('idCheckDigit', () => {
  it('computes the GB 11643 check characters, X included', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X'); // the standard's own example
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });
});

describe('solarToLunar', () => {
  it('finds new year, leap months and day 30 as chinese-days does', () => {
    expect(solarToLunar(2027, 2, 6)).toEqual({ year: 2027, month: 1, day: 1, isLeapMonth: false });
    expect(solarToLunar(2023, 3, 22)).toEqual({ year: 2023, month: 2, day: 1, isLeapMonth: true });
    expect(solarToLunar(2023, 4, 19)).toEqual({ year: 2023, month: 2, day: 29, isLeapMonth: true });
    expect(solarToLunar(2024, 2, 9)).toEqual({ year: 2023, month: 12, day: 30, isLeapMonth: false });
    expect(solarToLunar(2027, 2, 5)).toEqual({ year: 2026, month: 12, day: 29, isLeapMonth: false });
  });
});
