/** The hash types a list may hold: cryptographic hashes for exact matching, PDQ for similar images. */
export const HASH_TYPES = ['md5', 'sha1', 'sha256', 'pdq'] as const;
export type HashType = (typeof HASH_TYPES)[number];
export type ExactHashType = Exclude<HashType, 'pdq'>;

const HEX_DIGITS: Record<HashType, number> = { md5: 32, sha1: 40, sha256: 64, pdq: 64 };

const HEX_PATTERN = /^[0-9a-f]+$/;

function isHashType(text: string): text is HashType {
  return (HASH_TYPES as readonly string[]).includes(text);
}

/** A hash as lists store it: lower-case hex; quality (0–100) for PDQ only, null when unknown. */
export interface HashValue {
  type: HashType;
  value: string;
  quality: number | null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The value in lower-case hex, or why it is not a hash of this type. */
export function checkHashValue(type: HashType, raw: string): Checked<string> {
  const value = raw.trim().toLowerCase();
  const digits = HEX_DIGITS[type];
  if (value.length === digits && HEX_PATTERN.test(value)) return { ok: true, value };
  return { ok: false, reason: `a hash of type ${type} is ${digits} hexadecimal digits` };
}

/** Checks one row of an import or a request: type, value and optional quality. */
export function checkHash(type: string, value: string, quality: number | null): Checked<HashValue> {
  const hashType = type.trim().toLowerCase();
  if (!isHashType(hashType)) return { ok: false, reason: `unknown hash type ${JSON.stringify(type)}; expected one of ${HASH_TYPES.join(', ')}` };
  const checked = checkHashValue(hashType, value);
  if (!checked.ok) return checked;
  if (quality !== null && hashType !== 'pdq') return { ok: false, reason: 'quality applies to PDQ hashes only' };
  if (quality !== null && !(Number.isInteger(quality) && quality >= 0 && quality <= 100)) {
    return { ok: false, reason: 'quality is a whole number from 0 to 100' };
  }
  return { ok: true, value: { type: hashType, value: checked.value, quality } };
}
