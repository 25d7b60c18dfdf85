import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from './categories.js';
import { MAX_DESCRIPTION_LENGTH, MAX_URLS_PER_REPORT, validateReport, type ReportInput } from './report-input.js';

const valid: ReportInput = { urls: ['http://test-illegal.example/a'], category: 'csam' };

function errorsOf(input: ReportInput) {
  const result = validateReport(input, DEFAULT_CATEGORIES);
  return result.ok ? [] : result.errors;
}

describe('validateReport', () => {
  it('accepts a minimal anonymous report', () => {
    expect(validateReport(valid, DEFAULT_CATEGORIES)).toEqual({
      ok: true,
      report: {
        urls: [
          { submitted: 'http://test-illegal.example/a', normalized: 'http://test-illegal.example/a', host: 'test-illegal.example' },
        ],
        category: 'csam',
        contentType: null,
        description: null,
        contact: null,
      },
    });
  });

  it('merges URLs that normalise to the same address and skips blank lines', () => {
    const result = validateReport(
      { ...valid, urls: ['http://A.example/x#1', '', 'http://a.example:80/x', 'http://b.example/'] },
      DEFAULT_CATEGORIES,
    );
    expect(result.ok && result.report.urls.map((url) => url.normalized)).toEqual([
      'http://a.example/x',
      'http://b.example/',
    ]);
  });

  it('names each bad URL by its position in what was sent', () => {
    expect(errorsOf({ ...valid, urls: ['http://ok.example/', '', 'ftp://x.example/', 'http://'] })).toEqual([
      { field: 'urls[2]', code: 'url.scheme' },
      { field: 'urls[3]', code: 'url.host' },
    ]);
  });

  it('requires at least one URL and at most the limit', () => {
    expect(errorsOf({ ...valid, urls: [] })).toEqual([{ field: 'urls', code: 'urls.required' }]);
    expect(errorsOf({ ...valid, urls: undefined })).toEqual([{ field: 'urls', code: 'urls.required' }]);
    const many = Array.from({ length: MAX_URLS_PER_REPORT + 1 }, (_, i) => `http://x${i}.example/`);
    expect(errorsOf({ ...valid, urls: many })).toEqual([{ field: 'urls', code: 'urls.too_many' }]);
    expect(errorsOf({ ...valid, urls: [42] })).toEqual([{ field: 'urls', code: 'urls.type' }]);
  });

  it('requires a configured category', () => {
    expect(errorsOf({ ...valid, category: undefined })).toEqual([{ field: 'category', code: 'category.required' }]);
    expect(errorsOf({ ...valid, category: 'weather' })).toEqual([{ field: 'category', code: 'category.unknown' }]);
  });

  it('checks the optional fields', () => {
    expect(
      errorsOf({
        ...valid,
        contentType: 'hologram',
        description: 'x'.repeat(MAX_DESCRIPTION_LENGTH + 1),
        contact: { email: 'not-an-address', name: 7 },
      }),
    ).toEqual([
      { field: 'contentType', code: 'content_type.unknown' },
      { field: 'description', code: 'text.too_long' },
      { field: 'contact.name', code: 'text.type' },
      { field: 'contact.email', code: 'email.invalid' },
    ]);
  });

  it('needs an e-mail address when the reporter may be contacted', () => {
    expect(errorsOf({ ...valid, contact: { name: 'A', mayContact: true } })).toEqual([
      { field: 'contact.email', code: 'email.required_for_contact' },
    ]);
  });

  it('keeps contact details only when some were given', () => {
    const empty = validateReport({ ...valid, contact: { name: ' ', email: '' } }, DEFAULT_CATEGORIES);
    expect(empty.ok && empty.report.contact).toBeNull();
    const given = validateReport(
      { ...valid, contact: { email: 'me@mail.example', mayContact: true } },
      DEFAULT_CATEGORIES,
    );
    expect(given.ok && given.report.contact).toEqual({ name: null, email: 'me@mail.example', mayContact: true });
  });
});
