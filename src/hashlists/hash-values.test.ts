import { describe, expect, it } from 'vitest';
import { checkHash, checkHashValue } from './hash-values.js';

const hex = (digits: number, digit = 'a') => digit.repeat(digits);

describe('hash values', () => {
  it('takes each type at its own length, in either case, and stores lower case', () => {
    expect(checkHashValue('md5', hex(32, 'A'))).toEqual({ ok: true, value: hex(32, 'a') });
    expect(checkHashValue('sha1', ` ${hex(40)} `)).toEqual({ ok: true, value: hex(40) });
    expect(checkHashValue('sha256', hex(64)).ok).toBe(true);
    expect(checkHashValue('pdq', hex(64)).ok).toBe(true);
  });

  it('refuses a wrong length or a non-hex digit, saying the length the type needs', () => {
    expect(checkHashValue('md5', hex(40))).toEqual({ ok: false, reason: 'a hash of type md5 is 32 hexadecimal digits' });
    expect(checkHashValue('sha1', hex(32)).ok).toBe(false);
    expect(checkHashValue('sha256', `${hex(63)}g`).ok).toBe(false);
  });

  it('checks type and quality of a row', () => {
    expect(checkHash('PDQ', hex(64), 80)).toEqual({ ok: true, value: { type: 'pdq', value: hex(64), quality: 80 } });
    expect(checkHash('crc32', hex(8), null)).toMatchObject({ ok: false, reason: expect.stringContaining('unknown hash type "crc32"') });
    expect(checkHash('md5', hex(32), 80)).toEqual({ ok: false, reason: 'quality applies to PDQ hashes only' });
    expect(checkHash('pdq', hex(64), 101)).toEqual({ ok: false, reason: 'quality is a whole number from 0 to 100' });
    expect(checkHash('pdq', hex(64), 2.5).ok).toBe(false);
  });
});
