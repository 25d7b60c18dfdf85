import { describe, expect, it } from 'vitest';
import { fileHashes, noticeInput, noticeItem } from '../test-support/notices.js';
import { xarfValidator } from '../test-support/xarf-schemas.js';
import { xarfReports } from './xarf.js';

const validate = xarfValidator();

describe('X-ARF reports of a notice', () => {
  it('are valid X-ARF v4: child sexual abuse material meeting the baseline is content/csam with classification and detection method', () => {
    const items = [noticeItem(), noticeItem({ itemRef: 'IT-8BX3', url: 'https://test-illegal.example/v/2', detectionMethod: 'hash_match' })];
    const reports = xarfReports(noticeInput({ items }));

    expect(reports.map(validate)).toEqual([[], []]);
    expect(reports.map(({ category, type, classification, detection_method }) => ({ category, type, classification, detection_method }))).toEqual([
      { category: 'content', type: 'csam', classification: 'baseline', detection_method: 'manual_review' },
      { category: 'content', type: 'csam', classification: 'baseline', detection_method: 'hash_match' },
    ]);
    expect(reports[0]).toMatchObject({ xarf_version: '4.2.0', media_type: 'image', hash_values: { sha256: items[0]!.hashes[0]!.sha256 } });
  });

  it('are checked against schemas that do refuse a CSAM report without its classification or with a type X-ARF does not know', () => {
    const [report] = xarfReports(noticeInput());
    const unclassified = { ...report, classification: undefined };

    expect(validate(unclassified).map((error) => error.message)).toContain("must have required property 'classification'");
    expect(validate({ ...report, type: 'terrorism' })).not.toEqual([]);
  });

  it('make one report per URL, each with its own id, the hotline as reporter and sender and the traced address as source', () => {
    const items = ['a', 'b', 'c'].map((name) => noticeItem({ itemRef: `IT-${name}`, url: `https://test-illegal.example/${name}`, ip: '198.51.100.7' }));
    const reports = xarfReports(noticeInput({ items }));

    expect(reports.map((report) => report.url)).toEqual(items.map((item) => item.url));
    expect(new Set(reports.map((report) => report.report_id)).size).toBe(3);
    const hotline = { org: 'Example Hotline', contact: 'notices@hotline.example', domain: 'hotline.example' };
    expect(reports[0]).toMatchObject({ reporter: hotline, sender: hotline, source_identifier: '198.51.100.7', domain: 'test-illegal.example' });
    expect(reports[0]!.timestamp).toBe('2026-05-04T08:15:00.000Z');
  });

  it('call material illegal only under national law child sexual exploitation material being distributed, as X-ARF has no CSAM class for it', () => {
    const reports = xarfReports(
      noticeInput({ items: [noticeItem({ legalBasis: 'national' }), noticeItem({ categoryId: 'child_nudity', legalBasis: 'national', detectionMethod: 'hash_match' })] }),
    );

    expect(reports.map(validate)).toEqual([[], []]);
    expect(reports.map(({ type, exploitation_type, detection_method, victim_age_range }) => ({ type, exploitation_type, detection_method, victim_age_range }))).toEqual([
      { type: 'csem', exploitation_type: 'distribution', detection_method: 'manual_review', victim_age_range: 'prepubescent' },
      { type: 'csem', exploitation_type: 'distribution', detection_method: 'user_report', victim_age_range: 'prepubescent' },
    ]);
  });

  it('map grooming to csem grooming and intimate images shared without consent to exposed personal data', () => {
    const reports = xarfReports(noticeInput({ items: [noticeItem({ categoryId: 'grooming', legalBasis: 'national' }), noticeItem({ categoryId: 'ncii', legalBasis: 'national' })] }));

    expect(reports.map(validate)).toEqual([[], []]);
    expect(reports.map((report) => report.type)).toEqual(['csem', 'exposed_data']);
    expect(reports[0]!.exploitation_type).toBe('grooming');
    expect(reports[1]).toMatchObject({ data_types: ['personal_information'], exposure_method: 'intentional_leak' });
  });

  it('leave out URLs whose category X-ARF has no type for rather than give them a wrong one', () => {
    const items = ['terrorism', 'hate', 'drugs', 'violence', 'other_illegal', 'constructor'].map((categoryId) => noticeItem({ categoryId, legalBasis: 'national' }));

    expect(xarfReports(noticeInput({ items }))).toEqual([]);
  });

  it('carry hashes and references, never media: the evidence is a CSV of every file’s hashes', () => {
    const hashes = [fileHashes('photo-1'), fileHashes('photo-2')];
    const [report] = xarfReports(noticeInput({ items: [noticeItem({ hashes })] }));
    const evidence = report!.evidence as { content_type: string; payload: string }[];

    expect(evidence.map((entry) => entry.content_type)).toEqual(['text/csv']);
    expect(Buffer.from(evidence[0]!.payload, 'base64').toString().split('\r\n')).toEqual([
      'sha256,md5,sha1,pdq',
      ...hashes.map((hash) => `${hash.sha256},${hash.md5},${hash.sha1},${hash.pdq}`),
      '',
    ]);
    expect(JSON.stringify(report)).not.toMatch(/image\/|screenshot/);
  });

  it('name no domain for a URL on a bare IP address, and use that address as the source', () => {
    const [report] = xarfReports(noticeInput({ items: [noticeItem({ url: 'http://[2001:db8::5]/x', ip: undefined })] }));

    expect(validate(report)).toEqual([]);
    expect(report).not.toHaveProperty('domain');
    expect(report!.source_identifier).toBe('2001:db8::5');
  });
});
