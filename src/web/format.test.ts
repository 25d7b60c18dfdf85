import { describe, expect, it } from 'vitest';
import { byteSize, countryName, shortRef, shortUrl } from './format.js';

describe('byteSize', () => {
  it('gives bytes, kilobytes and megabytes in the reader’s language', () => {
    expect([980, 12_400, 3_100_000, 1_234_500_000].map((bytes) => byteSize(bytes, 'en'))).toEqual(['980 bytes', '12.4 kB', '3.1 MB', '1234.5 MB']);
    expect(byteSize(12_400, 'cs').replace(/\s/, ' ')).toBe('12,4 kB');
    expect(byteSize(980, 'ru').replace(/\s/, ' ')).toBe('980 байт');
  });
});

describe('shortUrl', () => {
  it('drops the scheme and keeps short addresses whole', () => {
    expect(shortUrl('https://a.test-illegal.example/page?x=1')).toBe('a.test-illegal.example/page?x=1');
  });

  it('keeps the host and the end of a long path, from a slash', () => {
    expect(shortUrl('https://gallery.test-illegal.example/albums/2026/summer/holiday/beach/page-17.html', 48)).toBe('gallery.test-illegal.example/…/page-17.html');
    expect(shortUrl('https://test-illegal.example/galleries/2026/summer/beach/page-17.html', 40)).toBe('test-illegal.example/…/page-17.html');
    expect(shortUrl('https://test-illegal.example/galleries/2026/summer/beach/page-17.html')).toBe('test-illegal.example/…/beach/page-17.html');
    expect(shortUrl('https://test-illegal.example/a-very-long-file-name-without-any-slash.html', 40)).toBe('test-illegal.example/…out-any-slash.html');
  });

  it('cuts an address whose host leaves no room for the path', () => {
    const short = shortUrl(`https://${'x'.repeat(60)}.test-illegal.example/page`, 40);
    expect(short).toHaveLength(40);
    expect(short.endsWith('…')).toBe(true);
  });
});

describe('references and names', () => {
  it('shorten an id to eight digits and name a country in the reader’s language', () => {
    expect(shortRef('3f2a9c1b-0000-4000-8000-000000000000')).toBe('3f2a9c1b');
    expect(countryName('NL', 'en')).toBe('Netherlands (NL)');
    expect(countryName('nl', 'cs')).toBe('Nizozemsko (NL)');
    expect(countryName('XX', 'en')).toBe('XX');
  });
});
