import type { Rng } from './random.ts';

/**
 * Identity numbers for demo people: 18-character resident ID numbers (GB 11643-1999) and mainland
 * mobile numbers. Both must be unique within the demo bank, like the real ones, so each allocator
 * remembers what it has handed out and draws again on a clash.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character for the first 17 digits of a resident ID number. */
export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('an ID number body is 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number);
  return ID_CHECK_CHARS[sum % 11] as string;
}

export function isValidIdNumber(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCheckDigit(id.slice(0, 17)) === id[17];
}

export interface IdNumberAllocator {
  /** areaCode: 6 digits; birthDate: 'YYYY-MM-DD'; the sequence's parity encodes the sex (odd = male). */
  next(areaCode: string, birthDate: string, isMale: boolean): string;
}

export function createIdNumberAllocator(rng: Rng): IdNumberAllocator {
  const issued = new Set<string>();
  return {
    next(areaCode, birthDate, isMale) {
      const prefix = areaCode + birthDate.slice(0, 4) + birthDate.slice(5, 7) + birthDate.slice(8, 10);
      for (let attempt = 0; attempt < 1000; attempt++) {
        const sequence = rng.int(0, 499) * 2 + (isMale ? 1 : 0);
        const body = prefix + String(sequence).padStart(3, '0');
        const id = body + idCheckDigit(body);
        if (!issued.has(id)) {
          issued.add(id);
          return id;
        }
      }
      throw new Error(`no free ID sequence left for ${prefix}`);
    },
  };
}

/**
 * Drawn uniformly, so China Mobile's ranges (listed first, the most numerous) dominate as they do in
 * the field, and the newer 19x ranges are rarer. 154 and 192 are left out (not or barely issued).
 */
const MOBILE_PREFIXES = [
  '134', '135', '136', '137', '138', '139', '150', '151', '152', '157', '158', '159', '182', '183', '187', '188',
  '130', '131', '132', '155', '156', '185', '186', '133', '153', '180', '181', '189', '191', '195', '198', '199',
];

export interface MobileAllocator {
  next(): string;
}

export function createMobileAllocator(rng: Rng): MobileAllocator {
  const issued = new Set<string>();
  return {
    next() {
      for (;;) {
        const mobile = rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
        if (!issued.has(mobile)) {
          issued.add(mobile);
          return mobile;
        }
      }
    },
  };
}
