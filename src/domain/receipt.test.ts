import { describe, expect, it } from 'vitest';
import { RECEIPT_BYTES, formatReceipt, parseReceipt } from './receipt.js';

describe('receipt codes', () => {
  it('write 80 bits as four groups of four base32 characters', () => {
    expect(formatReceipt(new Uint8Array(RECEIPT_BYTES))).toBe('0000-0000-0000-0000');
    expect(formatReceipt(new Uint8Array(RECEIPT_BYTES).fill(255))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    expect(formatReceipt(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))).toBe('0000-0000-0000-0001');
  });

  it('differ for different bytes', () => {
    const a = formatReceipt(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const b = formatReceipt(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 11]));
    expect(a).not.toBe(b);
  });

  it('refuse a byte count other than ten', () => {
    expect(() => formatReceipt(new Uint8Array(8))).toThrow(RangeError);
  });

  it('read back typed with spaces, lower case and look-alike letters', () => {
    expect(parseReceipt(' abcd efgh-jkmn pqrs ')).toBe('ABCD-EFGH-JKMN-PQRS');
    expect(parseReceipt('O0IL-0000-0000-0000')).toBe('0011-0000-0000-0000');
  });

  it('refuse text that cannot be a code', () => {
    expect(parseReceipt('ABCD-EFGH')).toBeUndefined();
    expect(parseReceipt('ABCD-EFGH-JKMN-PQR!')).toBeUndefined();
    expect(parseReceipt('')).toBeUndefined();
  });
});
