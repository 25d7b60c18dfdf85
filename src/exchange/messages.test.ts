import { describe, expect, it } from 'vitest';
import { parseMessage, type ReportMessage, type StatusMessage } from './messages.js';

const report: ReportMessage = {
  type: 'report',
  id: '6f1c2a9e-5b7d-4c1e-9a3f-2d8e7b6c5a41',
  reference: '0d3c9b1e-2f4a-4b5c-8d6e-7f8091a2b3c4',
  sentAt: '2026-12-02T10:00:00.000Z',
  urls: ['https://test-illegal.example/page.html'],
  category: 'csam',
  classification: { legalBasis: 'baseline', ageGroup: 'pre_pubescent', commercial: false, paymentMethods: [] },
  hashes: [{ sha256: 'a'.repeat(64), md5: 'b'.repeat(32), sha1: 'c'.repeat(40) }],
  trace: { host: 'test-illegal.example', country: 'CZ', addresses: [{ address: '192.0.2.7', country: 'CZ', asn: 64500 }] },
};

const status: StatusMessage = {
  type: 'status',
  id: '7a2d3b0f-6c8e-4d2f-8b4a-3e9f8c7d6b52',
  reference: '1e4dac2f-3a5b-4c6d-9e7f-8091a2b3c4d5',
  sentAt: '2026-12-02T11:00:00Z',
  about: report.reference,
  status: 'removed',
  at: '2026-12-02T10:59:00+01:00',
  timeToRemovalSeconds: 3540,
};

const parse = (value: unknown) => parseMessage(Buffer.from(JSON.stringify(value)));

describe('exchange message schemas', () => {
  it('accept a report and a status as the sender writes them', () => {
    expect(parse(report)).toEqual({ ok: true, message: report });
    expect(parse(status)).toEqual({ ok: true, message: status });
    expect(parse({ ...report, classification: null, hashes: [] }).ok).toBe(true);
  });

  it('take every ICCAM action as a status, and nothing else', () => {
    for (const action of ['reported_to_lea', 'reported_to_isp', 'removed', 'unavailable', 'moved', 'not_illegal']) expect(parse({ ...status, status: action }).ok).toBe(true);
    expect(parse({ ...status, status: 'deleted' })).toMatchObject({ ok: false, problems: [expect.stringContaining('/status')] });
  });

  it('refuse media: a report carries hashes and references only', () => {
    expect(parse({ ...report, hashes: [{ sha256: 'a'.repeat(64), image: 'iVBORw0KGgo=' }] })).toMatchObject({ ok: false });
    expect(parse({ ...report, media: ['iVBORw0KGgo='] })).toMatchObject({ ok: false });
  });

  it('say where a message is wrong', () => {
    const result = parse({ ...report, id: 'not-a-uuid', urls: [] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.join(' ')).toMatch(/\/id.*|\/urls/);
    expect(parse({ ...status, at: 'yesterday' })).toMatchObject({ ok: false, problems: [expect.stringContaining('/at')] });
  });

  it('refuse a body that is not JSON, or of no known type', () => {
    expect(parseMessage(Buffer.from('{"type":'))).toEqual({ ok: false, problems: ['the body is not JSON'] });
    expect(parse({ ...status, type: 'ping' })).toEqual({ ok: false, problems: ['type: must be one of report, status'] });
    expect(parse(null)).toMatchObject({ ok: false });
  });
});
