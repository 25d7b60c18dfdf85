import type { ValidReport } from '../domain/report-input.js';

/** A report of these (already normal) URLs in the csam category, with nothing else. */
export function validReport(urls: readonly string[]): ValidReport {
  return {
    urls: urls.map((url) => ({ submitted: url, normalized: url, host: new URL(url).hostname.replace(/^\[(.*)\]$/, '$1') })),
    category: 'csam',
    contentType: null,
    description: null,
    contact: null,
  };
}
