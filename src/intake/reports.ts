import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { coarseStatusOf, type CoarseStatus } from '../domain/item-lifecycle.js';
import { RECEIPT_BYTES, formatReceipt, parseReceipt } from '../domain/receipt.js';
import type { ValidReport } from '../domain/report-input.js';
import type { Database } from '../db/schema.js';
import { statusesOfReport, storeReportWithItems } from '../items/lifecycle-store.js';
import type { Cipher } from '../privacy/cipher.js';

export interface IntakeDeps {
  db: Kysely<Database>;
  cipher: Cipher;
  contactRetentionDays: number;
  /**
   * Told the items of each stored report, after it committed, to start their
   * triage. It must not throw; triage finds items it was not told of anyway.
   */
  onItemsReported?: ((itemIds: readonly string[]) => void) | undefined;
}

export interface ReportMeta {
  channel: 'web' | 'api';
  language: string;
}

export interface SubmittedReport {
  receipt: string;
  items: { url: string; normalizedUrl: string }[];
}

const DAY_MS = 86_400_000;

/** Stores a report and its items in one statement; the receipt exists only once it is committed. */
export async function submitReport(deps: IntakeDeps, report: ValidReport, meta: ReportMeta): Promise<SubmittedReport> {
  const { itemIds, ...submitted } = await storeReport(deps, report, meta);
  deps.onItemsReported?.(itemIds);
  return submitted;
}

/**
 * Stores a report without starting triage, e.g. inside a caller's transaction
 * (deps.db may be one); the caller starts triage of itemIds once it committed.
 */
export async function storeReport(deps: Omit<IntakeDeps, 'onItemsReported'>, report: ValidReport, meta: ReportMeta): Promise<SubmittedReport & { itemIds: string[] }> {
  const receipt = formatReceipt(randomBytes(RECEIPT_BYTES));
  const reportId = randomUUID();
  const itemIds = await storeReportWithItems(
    deps.db,
    {
      id: reportId,
      receipt_digest: receiptDigest(receipt),
      channel: meta.channel,
      language: meta.language,
      claimed_category: report.category,
      content_type: report.contentType,
      description: report.description,
      contact_ciphertext: report.contact ? deps.cipher.encrypt(JSON.stringify(report.contact), contactContext(reportId)) : null,
      may_contact: report.contact?.mayContact ?? false,
      contact_purge_after: report.contact ? new Date(Date.now() + deps.contactRetentionDays * DAY_MS) : null,
    },
    report.urls,
  );
  return { receipt, items: report.urls.map((url) => ({ url: url.submitted, normalizedUrl: url.normalized })), itemIds };
}

/** The coarse status behind a receipt code, or undefined for a code that names no report. */
export async function receiptStatus(db: Kysely<Database>, typedCode: string): Promise<CoarseStatus | undefined> {
  const code = parseReceipt(typedCode);
  if (!code) return undefined;
  const report = await db
    .selectFrom('reports')
    .select('id')
    .where('receipt_digest', '=', receiptDigest(code))
    .executeTakeFirst();
  if (!report) return undefined;
  return coarseStatusOf(await statusesOfReport(db, report.id));
}

/** Receipts are stored only as digests: the database alone does not open anyone's status page. */
function receiptDigest(code: string): Buffer {
  return createHash('sha256').update(code).digest();
}

export function contactContext(reportId: string): string {
  return `report-contact:${reportId}`;
}
