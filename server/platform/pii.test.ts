import { describe, expect, it } from 'vitest';
import { maskEmail, maskIdNumber, maskName, maskPhone } from './pii.ts';

describe('maskName', () => {
  it('keeps the surname and last character of a three-character name', () => {
    expect(maskName('张小明')).toBe('张*明');
  });
  it('keeps only the surname of a two-character name', () => {
    expect(maskName('张三')).toBe('张*');
  });
  it('keeps a compound surname whole and masks the given name', () => {
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('诸葛亮')).toBe('诸葛*');
  });
  it('keeps first and last character of a long name without a compound surname', () => {
    expect(maskName('爱新觉罗溥仪')).toBe('爱****仪');
  });
  it('masks a single character entirely', () => {
    expect(maskName('张')).toBe('*');
  });
  it('shows only the initial of a latin name, hiding its length', () => {
    expect(maskName('John Smith')).toBe('J***');
    expect(maskName('Al')).toBe('A***');
  });
  it('returns null for null or undefined', () => {
    expect(maskName(null)).toBeNull();
    expect(maskName(undefined)).toBeNull();
  });
});

describe('maskPhone', () => {
  it('masks the middle four digits of a mobile number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
  });
  it('keeps a +86 prefix and ignores separators', () => {
    expect(maskPhone('+86 138-1234-1234')).toBe('+86 138****1234');
  });
  it('keeps the area code of a landline and at most four trailing digits', () => {
    expect(maskPhone('010-12345678')).toBe('010-****5678');
    expect(maskPhone('0755 1234567')).toBe('0755-****567');
  });
  it('keeps at most half of a short number', () => {
    expect(maskPhone('95588')).toBe('***88');
  });
  it('returns null for null or undefined', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone(undefined)).toBeNull();
  });
});

describe('maskIdNumber', () => {
  it('shows the first three and last four characters of an 18-character ID', () => {
    expect(maskIdNumber('11010119900307123X')).toBe('110***********123X');
  });
  it('shows a quarter at each end of a shorter document number', () => {
    expect(maskIdNumber('E12345678')).toBe('E1*****78');
  });
  it('returns null for null or undefined', () => {
    expect(maskIdNumber(null)).toBeNull();
    expect(maskIdNumber(undefined)).toBeNull();
  });
});

describe('maskEmail', () => {
  it('keeps the first character and the domain', () => {
    expect(maskEmail('zhang.san@bank.example')).toBe('z***@bank.example');
  });
  it('masks a value without an @ like a latin name', () => {
    expect(maskEmail('zhangsan')).toBe('z***');
  });
  it('returns null for null or undefined', () => {
    expect(maskEmail(null)).toBeNull();
    expect(maskEmail(undefined)).toBeNull();
  });
});
