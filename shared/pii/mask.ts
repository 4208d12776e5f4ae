// Masks for every view of a personal field: enough for a person to recognise their own record, too little to use.
// Every mask works on code points (a rare Han character outside the BMP is one character, not two).
import { toE164Mobile } from './identifiers.ts';

/** What a personal field holds; decides its mask and, for identifiers, its normal form. */
export const FIELD_KINDS = ['idNumber', 'creditCode', 'phone', 'name', 'address', 'bankAccount', 'email', 'text'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

const stars = (n: number) => '*'.repeat(Math.max(0, n));

/** Keeps `head` and `tail` characters and stars the rest; a value too short to keep both is starred whole. */
function keepEnds(value: string, head: number, tail: number): string {
  const chars = Array.from(value);
  if (chars.length <= head + tail) return stars(chars.length);
  return chars.slice(0, head).join('') + stars(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

/** `110105********1234`: the issuing division and the last four, as on a bank or rail ticket. */
export function maskIdNumber(id: string): string {
  return keepEnds(id.trim().toUpperCase(), 6, 4);
}

/**
 * `91110105********3X`: the registration authority, organisation type and division (characters 1-8, public in
 * the code's structure) and the last two; the organisation code in the middle is starred.
 */
export function maskCreditCode(code: string): string {
  return keepEnds(code.trim().toUpperCase(), 8, 2);
}

/** `138****5678` for a mainland mobile number (in any spelling); other numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const e164 = toE164Mobile(phone);
  if (e164) {
    const national = e164.slice(3);
    return `${national.slice(0, 3)}****${national.slice(7)}`;
  }
  const digits = phone.replace(/\D/g, '');
  return digits.length > 4 ? `${stars(digits.length - 2)}${digits.slice(-2)}` : stars(digits.length || 4);
}

/** Compound surnames (复姓) common enough that a name starting with one keeps both characters. */
export const COMPOUND_SURNAMES = [
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕', '令狐',
  '端木', '独孤', '南宫', '西门', '百里', '呼延', '澹台', '万俟', '申屠', '太史', '闻人', '赫连', '钟离', '宗政', '濮阳',
] as const;

const HAN = /\p{Script=Han}/u;
const SEPARATOR = /^[·•.\-\s]$/u; // 阿依古丽·买买提: the middle dot of transliterated names stays visible

/**
 * Chinese names keep the surname: `张*`, `张**`, `欧阳**`. A name of three or more characters starting with a common
 * compound surname keeps both (`欧阳**`, `司马*`); two-character names always keep one. Latin names keep the first
 * letter of each word: `J*** S****`.
 */
export function maskName(name: string): string {
  const trimmed = name.trim();
  const chars = Array.from(trimmed);
  if (chars.length === 0) return '';
  if (HAN.test(trimmed)) {
    const keep = chars.length >= 3 && (COMPOUND_SURNAMES as readonly string[]).includes(chars.slice(0, 2).join('')) ? 2 : 1;
    return chars.slice(0, keep).join('') + chars.slice(keep).map((c) => (SEPARATOR.test(c) ? c : '*')).join('');
  }
  return trimmed.replace(/\p{L}[\p{L}\p{M}'’]*/gu, (word) => {
    const [first = '', ...rest] = Array.from(word);
    return first + stars(rest.length);
  });
}

/** `**** 1234`: the last four digits, as banks print them; shorter numbers show nothing. */
export function maskBankAccount(account: string): string {
  const digits = account.replace(/\D/g, '');
  return digits.length >= 8 ? `**** ${digits.slice(-4)}` : '****';
}

// Province (省, 自治区, 特别行政区, or a municipality with or without 市), then a prefecture (市, 自治州, 地区, 盟),
// then the county level (区, 县, 市, 旗, and their 自治 forms). Only the county is required. The name lengths are
// bounded by the longest real names (双江拉祜族佤族布朗族傣族自治县), so a street is never taken for a division.
const PROVINCE = '(?:[^省市区县]{2,3}省|[^省市区县]{2,5}自治区|(?:香港|澳门)特别行政区|(?:北京|天津|上海|重庆)市?)';
const PREFECTURE = '(?:[^省市区县盟]{1,12}?(?:自治州|地区|市|盟))';
const COUNTY = '(?:[^省市区县旗]{1,15}?(?:区|县|市|旗))';
const UP_TO_COUNTY = new RegExp(`^${PROVINCE}?${PREFECTURE}?${COUNTY}`, 'u');
const ADDRESS_FALLBACK_CHARS = 6;

/**
 * The address cut after the county level: `北京市朝阳区…`, `湖北省武汉市武昌区…`, `广东省东莞市…` (a city without
 * districts). When no county is found, the first six characters (half of a shorter address) and `…`.
 */
export function maskAddress(address: string): string {
  const compact = address.replace(/\s+/g, '');
  const match = UP_TO_COUNTY.exec(compact);
  if (match) return match[0].length === compact.length ? match[0] : `${match[0]}…`;
  const chars = Array.from(address.trim());
  return `${chars.slice(0, Math.min(ADDRESS_FALLBACK_CHARS, Math.floor(chars.length / 2))).join('')}…`;
}

/** `o***@example.org`: the first character of the local part and the domain. */
export function maskEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 1) return '***';
  return `${Array.from(trimmed.slice(0, at))[0]}***${trimmed.slice(at)}`;
}

/** The mask of a value of the given kind. Free text is never shown, only that there is some. */
export function maskOf(kind: FieldKind, value: string): string {
  switch (kind) {
    case 'idNumber':
      return maskIdNumber(value);
    case 'creditCode':
      return maskCreditCode(value);
    case 'phone':
      return maskPhone(value);
    case 'name':
      return maskName(value);
    case 'address':
      return maskAddress(value);
    case 'bankAccount':
      return maskBankAccount(value);
    case 'email':
      return maskEmail(value);
    case 'text':
      return '***';
  }
}
