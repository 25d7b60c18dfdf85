import { describe, expect, it } from 'vitest';
import { byteSize } from './format.js';

describe('byteSize', () => {
  it('gives bytes, kilobytes and megabytes in the reader’s language', () => {
    expect([980, 12_400, 3_100_000, 1_234_500_000].map((bytes) => byteSize(bytes, 'en'))).toEqual(['980 bytes', '12.4 kB', '3.1 MB', '1234.5 MB']);
    expect(byteSize(12_400, 'cs').replace(/\s/, ' ')).toBe('12,4 kB');
    expect(byteSize(980, 'ru').replace(/\s/, ' ')).toBe('980 байт');
  });
});
