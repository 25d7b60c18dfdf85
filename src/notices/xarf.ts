import { createHash, randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { NoticeEmailInput, NoticeEmailItem } from './email.js';

/** The X-ARF specification version the reports follow (https://xarf.org, schemas v4.2.0). */
export const XARF_VERSION = '4.2.0';

type Party = { org: string; contact: string; domain: string };

/** One X-ARF v4 report (category "content") for one URL. */
export type XarfReport = Record<string, unknown> & {
  xarf_version: string;
  report_id: string;
  timestamp: string;
  reporter: Party;
  sender: Party;
  source_identifier: string;
  category: 'content';
  type: string;
  url: string;
};

/** The fields that say what kind of content an item is, in X-ARF's words. */
type TypeFields = (item: NoticeEmailItem) => Record<string, unknown>;

/**
 * Our categories in X-ARF's content types, where one fits. Material that meets
 * INTERPOL's baseline is `csam` (X-ARF's `baseline` classification); material
 * illegal only under national law falls outside X-ARF's CSAM classes (baseline,
 * A1–B2) and is child sexual exploitation material (`csem`) being distributed.
 * Non-consensual intimate images are personal data published on purpose.
 * Terrorism, hate, drugs, violence and other offences have no X-ARF type: their
 * URLs get no report rather than a wrong one.
 */
const XARF_TYPES = new Map<string, TypeFields>([
  ['csam', childAbuseMaterial],
  ['child_nudity', childAbuseMaterial],
  ['grooming', (item) => exploitation(item, 'grooming')],
  ['ncii', () => ({ type: 'exposed_data', data_types: ['personal_information'], exposure_method: 'intentional_leak' })],
]);

/** One report per URL of the notice whose category X-ARF has a content type for. */
export function xarfReports(input: NoticeEmailInput): XarfReport[] {
  const party = partyOf(input.hotline);
  return input.items.flatMap((item) => {
    const typeFields = XARF_TYPES.get(item.categoryId);
    return typeFields ? [reportFor(input, item, party, typeFields(item))] : [];
  });
}

function reportFor(input: NoticeEmailInput, item: NoticeEmailItem, party: Party, typeFields: Record<string, unknown>): XarfReport {
  const host = new URL(item.url).hostname.replace(/^\[|\]$/g, '');
  return {
    xarf_version: XARF_VERSION,
    report_id: randomUUID(),
    timestamp: item.reportedAt.toISOString(),
    reporter: party,
    sender: party,
    source_identifier: item.ip ?? host,
    category: 'content',
    type: typeFields.type as string,
    url: item.url,
    ...(isDomainName(host) ? { domain: host.toLowerCase() } : {}),
    verified_at: item.assessedAt.toISOString(),
    ...(item.detectionMethod === 'human_review' ? { verification_method: 'manual' } : {}),
    description: `${item.categoryLabel} (${input.reference}, ${item.itemRef})`.slice(0, 1000),
    ...typeFields,
    ...(item.hashes.length > 0 ? { evidence: [hashListEvidence(item)] } : {}),
  };
}

function childAbuseMaterial(item: NoticeEmailItem): Record<string, unknown> {
  if (item.legalBasis !== 'baseline') return exploitation(item, 'distribution');
  const first = item.hashes[0];
  const mediaType = MEDIA_TYPES[item.classification?.contentType ?? ''];
  return {
    type: 'csam',
    classification: 'baseline',
    detection_method: item.detectionMethod === 'hash_match' ? 'hash_match' : 'manual_review',
    ...(mediaType ? { media_type: mediaType } : {}),
    ...(first ? { hash_values: definedOnly({ sha256: first.sha256, md5: first.md5, sha1: first.sha1 }) } : {}),
    content_removed: false,
  };
}

function exploitation(item: NoticeEmailItem, exploitationType: 'grooming' | 'distribution'): Record<string, unknown> {
  const ageRange = AGE_RANGES[item.classification?.ageGroup ?? ''];
  return {
    type: 'csem',
    exploitation_type: exploitationType,
    // X-ARF's csem vocabulary has no hash matching; such an item reached the hotline as a report.
    detection_method: item.detectionMethod === 'human_review' ? 'manual_review' : 'user_report',
    ...(ageRange ? { victim_age_range: ageRange } : {}),
  };
}

const MEDIA_TYPES: Record<string, string> = { image: 'image', video: 'video', text: 'text' };
const AGE_RANGES: Record<string, string> = {
  infant: 'infant',
  pre_pubescent: 'prepubescent',
  pubescent: 'pubescent',
  not_determined: 'unknown',
};

/** Every file's hashes as CSV: the evidence X-ARF allows for this material, never the material itself. */
function hashListEvidence(item: NoticeEmailItem): Record<string, unknown> {
  const rows = item.hashes.map((hash) => [hash.sha256, hash.md5 ?? '', hash.sha1 ?? '', hash.pdq ?? ''].join(','));
  const csv = Buffer.from(['sha256,md5,sha1,pdq', ...rows].join('\r\n') + '\r\n');
  return {
    content_type: 'text/csv',
    description: 'Hashes of the files found at the URL (no content)',
    payload: csv.toString('base64'),
    hash: `sha256:${createHash('sha256').update(csv).digest('hex')}`,
    size: csv.length,
  };
}

function partyOf(hotline: NoticeEmailInput['hotline']): Party {
  const domain = hotline.website ? new URL(hotline.website).hostname : hotline.email.slice(hotline.email.lastIndexOf('@') + 1);
  return { org: hotline.name.slice(0, 200), contact: hotline.email, domain: domain.toLowerCase() };
}

/** X-ARF's `domain` is a plain lower-case host name, never an address. */
function isDomainName(host: string): boolean {
  return isIP(host) === 0 && /^([a-z0-9]+(-[a-z0-9]+)*\.)+[a-z]{2,}$/.test(host.toLowerCase());
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
