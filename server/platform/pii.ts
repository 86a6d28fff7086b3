/**
 * Masking for personal data shown outside authorized views (JR/T 0171-2020 §6 / GB/T 35273 practice:
 * show just enough to recognise a record, never enough to reconstruct it). Pure and total: any
 * input gives a masked string, and null or undefined gives null, so callers can map whole rows.
 */

// Two-character surnames: with them a name keeps its whole surname and masks the whole given name.
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯',
  '轩辕', '令狐', '钟离', '端木', '独孤', '南宫', '西门', '万俟', '闻人', '澹台', '公冶', '呼延', '赫连',
  '拓跋', '百里', '东郭', '南门', '羊舌', '微生', '梁丘', '左丘', '东门', '太叔', '申屠', '司空', '濮阳',
  '淳于', '单于', '仲孙', '乐正', '司寇', '亓官', '子车', '颛孙', '巫马', '公西', '漆雕', '壤驷', '公良',
  '谷梁', '宰父', '夹谷', '段干', '第五', '鲜于', '闾丘', '完颜', '耶律', '纳兰',
]);

const HAN = /\p{Script=Han}/u;
const LATIN_MASK = '***';

/** 张三 → 张*, 张三明 → 张*明, 欧阳娜娜 → 欧阳**, John Smith → J***. */
export function maskName(name: string | null | undefined): string | null {
  if (name == null) return null;
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (!HAN.test(name)) return `${chars[0]}${LATIN_MASK}`;
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  const surname = chars.slice(0, 2).join('');
  if (COMPOUND_SURNAMES.has(surname)) return surname + '*'.repeat(chars.length - 2);
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

// Three-digit area codes are 010 (Beijing) and 02x (the large cities); all others have four.
const areaCodeLength = (digits: string): number => (/^(010|02\d)/.test(digits) ? 3 : 4);

/** Keeps at most `max` trailing digits and never more than half of them. */
function maskTail(digits: string, max: number): string {
  const shown = Math.min(max, Math.floor(digits.length / 2));
  return '*'.repeat(digits.length - shown) + digits.slice(digits.length - shown);
}

/**
 * 13812341234 and +86 138 1234 1234 → 138****1234 (+86 kept); landline 010-12345678 →
 * 010-****5678; short or foreign numbers keep at most the last half (95588 → ***88).
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone == null) return null;
  const trimmed = phone.trim();
  const international = /^(\+|00)86/.test(trimmed);
  const allDigits = trimmed.replace(/\D/g, '');
  const digits = international ? allDigits.replace(/^(00)?86/, '') : allDigits;
  if (digits.length === 0) return trimmed.length === 0 ? '' : '*'.repeat(trimmed.length);
  if (/^1\d{10}$/.test(digits)) return `${international ? '+86 ' : ''}${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (/^0\d{9,11}$/.test(digits)) {
    const area = digits.slice(0, areaCodeLength(digits));
    return `${area}-${maskTail(digits.slice(area.length), 4)}`;
  }
  return maskTail(digits, 4);
}

/**
 * Resident ID 110101199003071234 → 110***********1234: the first three digits (province and city)
 * and the last four; shorter documents (passports, permits) keep at most a quarter at each end.
 */
export function maskIdNumber(idNumber: string | null | undefined): string | null {
  if (idNumber == null) return null;
  const value = idNumber.trim();
  const [head, tail] = value.length >= 15 ? [3, 4] : [Math.floor(value.length / 4), Math.floor(value.length / 4)];
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(value.length - tail);
}

/** zhang.san@bank.example → z***@bank.example; the domain stays (it names the employer, not the person). */
export function maskEmail(email: string | null | undefined): string | null {
  if (email == null) return null;
  const value = email.trim();
  const at = value.lastIndexOf('@');
  if (at <= 0) return value.length === 0 ? '' : `${[...value][0]}${LATIN_MASK}`;
  return `${[...value][0]}${LATIN_MASK}${value.slice(at)}`;
}
