import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Cipher } from '../privacy/cipher.js';
import { openCapturedMedia } from '../triage/findings.js';
import { listReferrals, type Referral } from './referrals.js';

/**
 * A referral package for officers: each referred item's URL, traces,
 * classification and file hashes; with the evidence files themselves only
 * for the police role (each download is audited by the caller).
 */
export interface PackageItem {
  item: Referral;
  traces: { tracedAt: Date; host: string; country: string | null; addresses: string[] }[];
  assessments: { outcome: string; category: string; legalBasis: string | null; automatic: boolean; decidedAt: Date }[];
  files: { sha256: string; md5: string; sha1: string; pdq: string | null; mediaType: string; sourceUrl: string; capturedAt: Date; contentBase64?: string }[];
}

export async function referralPackage(db: Kysely<Database>, cipher: Cipher, withEvidence: boolean): Promise<PackageItem[]> {
  const referrals = await listReferrals(db);
  const items: PackageItem[] = [];
  for (const item of referrals) {
    const [traces, assessments, files] = await Promise.all([
      db.selectFrom('item_traces').select(['traced_at', 'host', 'country', 'addresses']).where('item_id', '=', item.itemId).orderBy('id').execute(),
      db.selectFrom('assessments').select(['outcome', 'category', 'classification', 'automatic', 'decided_at']).where('item_id', '=', item.itemId).orderBy('decided_at').execute(),
      db.selectFrom('captured_media').select(['id', 'sha256', 'md5', 'sha1', 'pdq', 'media_type', 'source_url', 'captured_at']).where('item_id', '=', item.itemId).orderBy('captured_at').execute(),
    ]);
    items.push({
      item,
      traces: traces.map((trace) => ({ tracedAt: trace.traced_at, host: trace.host, country: trace.country, addresses: trace.addresses.map((address) => address.address) })),
      assessments: assessments.map((row) => ({ outcome: row.outcome, category: row.category, legalBasis: row.classification?.legalBasis ?? null, automatic: row.automatic, decidedAt: row.decided_at })),
      files: await Promise.all(
        files.map(async (file) => {
          const opened = withEvidence ? await openCapturedMedia(db, cipher, item.itemId, file.id) : undefined;
          return {
            sha256: file.sha256,
            md5: file.md5,
            sha1: file.sha1,
            pdq: file.pdq,
            mediaType: file.media_type,
            sourceUrl: file.source_url,
            capturedAt: file.captured_at,
            ...(opened ? { contentBase64: opened.bytes.toString('base64') } : {}),
          };
        }),
      ),
    });
  }
  return items;
}

/** The package as CSV: one row per file (or per item without files); never the files themselves. */
export function packageCsv(items: readonly PackageItem[]): string {
  const rows = items.flatMap(({ item, traces, assessments, files }) => {
    const trace = traces.at(-1);
    const assessment = assessments.at(-1);
    const common = [item.itemId, item.url, item.category, item.hostingCountry ?? '', trace?.addresses.join(' ') ?? '', assessment?.legalBasis ?? '', item.reason, item.referredAt.toISOString()];
    return files.length === 0 ? [[...common, '', '', '', '']] : files.map((file) => [...common, file.sha256, file.md5, file.sha1, file.pdq ?? '']);
  });
  return stringify([['item', 'url', 'category', 'hosting_country', 'addresses', 'legal_basis', 'reason', 'referred_at', 'sha256', 'md5', 'sha1', 'pdq'], ...rows]);
}
