import { describe, expect, it } from 'vitest';
import { parseBirthday, parseBoolean, parseChoice, parseCode, parseEmail, parseIdNumber, parseMobile, parsePhone } from './field.rules.ts';

describe('parseBoolean', () => {
  it.each(['true', 'TRUE', '1', 'yes', '是'])('reads %s as true', (text) => expect(parseBoolean(text)).toEqual({ value: true }));
  it.each(['false', '0', 'No', '否'])('reads %s as false', (text) => expect(parseBoolean(text)).toEqual({ value: false }));
  it('rejects anything else', () => expect(parseBoolean('maybe').error).toBeDefined());
});

describe('parseChoice', () => {
  it('accepts a value case-insensitively and an alias', () => {
    expect(parseChoice('Gold', ['mass', 'gold'] as const)).toEqual({ value: 'gold' });
    expect(parseChoice('金卡', ['mass', 'gold'] as const, { 金卡: 'gold' })).toEqual({ value: 'gold' });
  });
  it('lists the allowed values without repeating the bad one', () => {
    expect(parseChoice('13812341234', ['mass', 'gold'] as const)).toEqual({ error: 'must be one of mass, gold' });
  });
});

describe('parseCode', () => {
  it('trims and accepts a code with letters, digits, dots and dashes', () => expect(parseCode(' BJ-001.A ')).toEqual({ value: 'BJ-001.A' }));
  it('rejects a code with a space inside', () => expect(parseCode('BJ 001').error).toBeDefined());
  it('accepts 64 characters and rejects 65', () => {
    expect(parseCode('x'.repeat(64)).error).toBeUndefined();
    expect(parseCode('x'.repeat(65)).error).toBeDefined();
  });
});

describe('parseMobile', () => {
  it('accepts 11 digits starting 13-19, with +86 and separators removed', () => {
    expect(parseMobile('13812341234')).toEqual({ value: '13812341234' });
    expect(parseMobile('+86 138-1234-1234')).toEqual({ value: '13812341234' });
  });
  it('rejects 10 and 12 digits and a 12x prefix', () => {
    expect(parseMobile('1381234123')).toEqual({ error: 'not a valid mobile number' });
    expect(parseMobile('138123412345').error).toBeDefined();
    expect(parseMobile('12812341234').error).toBeDefined();
  });
});

describe('parsePhone', () => {
  it('accepts a mobile number', () => expect(parsePhone('13812341234')).toEqual({ value: '13812341234' }));
  it('stores a landline as area code, dash, local number', () => {
    expect(parsePhone('010-12345678')).toEqual({ value: '010-12345678' });
    expect(parsePhone('01012345678')).toEqual({ value: '010-12345678' });
    expect(parsePhone('075512345678')).toEqual({ value: '0755-12345678' });
    expect(parsePhone('+86 10 1234 5678')).toEqual({ value: '010-12345678' });
  });
  it('rejects a short service number without repeating it', () => expect(parsePhone('95588')).toEqual({ error: 'not a valid phone number' }));
});

describe('parseEmail', () => {
  it('accepts name@domain.tld', () => expect(parseEmail('zhang.san@bank.example')).toEqual({ value: 'zhang.san@bank.example' }));
  it('rejects a value without a domain', () => expect(parseEmail('zhangsan@').error).toBe('not a valid email address'));
});

describe('parseIdNumber', () => {
  it('accepts a valid ID and upper-cases its X check character', () => {
    expect(parseIdNumber('11010519491231002x')).toEqual({ value: '11010519491231002X' });
    expect(parseIdNumber('440305199003071236')).toEqual({ value: '440305199003071236' });
  });
  it('rejects a wrong check digit', () => expect(parseIdNumber('440305199003071237')).toEqual({ error: 'check digit does not match' }));
  it('rejects an impossible birth date', () => expect(parseIdNumber('440305199002301234').error).toBe('contains an impossible birth date'));
  it('rejects 15-digit and 17-digit numbers', () => {
    expect(parseIdNumber('440305900307123').error).toBe('must be an 18-character resident ID number');
    expect(parseIdNumber('44030519900307123').error).toBe('must be an 18-character resident ID number');
  });
});

describe('parseBirthday', () => {
  it('accepts a solar YYYY-MM-DD and MM-DD', () => {
    expect(parseBirthday('1990-03-07', 'solar', false).value).toEqual({ calendar: 'solar', year: 1990, month: 3, day: 7, leapMonth: false });
    expect(parseBirthday('03-07', 'solar', false).value).toMatchObject({ year: null, month: 3, day: 7 });
  });
  it('accepts 02-29 without a year or in a leap year, not in a common year', () => {
    expect(parseBirthday('02-29', 'solar', false).error).toBeUndefined();
    expect(parseBirthday('1992-02-29', 'solar', false).error).toBeUndefined();
    expect(parseBirthday('1990-02-29', 'solar', false).error).toBe('not a real date');
  });
  it('accepts lunar day 30 in any month and rejects 31', () => {
    expect(parseBirthday('02-30', 'lunar', false).value).toMatchObject({ calendar: 'lunar', month: 2, day: 30 });
    expect(parseBirthday('02-31', 'lunar', false).error).toBeDefined();
  });
  it('keeps the leap-month flag of a lunar birthday', () => {
    expect(parseBirthday('1990-05-10', 'lunar', true).value?.leapMonth).toBe(true);
  });
  it('rejects other formats', () => expect(parseBirthday('1990年3月7日', 'solar', false).error).toBe('must be YYYY-MM-DD or MM-DD'));
});
