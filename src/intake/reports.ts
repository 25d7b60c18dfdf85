import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { coarseStatusOf, type CoarseStatus } from '../domain/item-lifecycle.js';
import { RECEIPT_BYTES, formatReceipt, parseReceipt } from '../domain/receipt.js';
import type { ValidReport } from '../domain/report-input.js';
import type { Database } from '../db/schema.js';
import { Batcher } from '../jobs/batcher.js';
import { statusesOfReport, storeReportsWithItems, type ReportToStore } from '../items/lifecycle-store.js';
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
  /** Stores a report and returns its item ids; by default alone, in the server grouped with others (see ReportWriter). */
  store?: ((report: ReportToStore) => Promise<string[]>) | undefined;
}

export interface ReportMeta {
  channel: 'web' | 'api' | 'partner';
  language: string;
}

export interface SubmittedReport {
  receipt: string;
  items: { url: string; normalizedUrl: string }[];
}

const DAY_MS = 86_400_000;

/**
 * Stores a report and its items, with the reports of others arriving at the
 * same moment where deps.store groups them; the receipt exists only once it
 * is committed. Triage of its items starts after that.
 */
export async function submitReport(deps: IntakeDeps, report: ValidReport, meta: ReportMeta): Promise<SubmittedReport> {
  const { receipt, row } = reportRow(deps, report, meta);
  const store = deps.store ?? (async (toStore: ReportToStore) => (await storeReportsWithItems(deps.db, [toStore]))[0]!);
  const itemIds = await store(row);
  deps.onItemsReported?.(itemIds);
  return { receipt, items: submittedItems(report) };
}

/**
 * Stores a report on its own without starting triage, e.g. inside a caller's
 * transaction (deps.db may be one); the caller starts triage of itemIds once
 * it committed.
 */
export async function storeReport(deps: Pick<IntakeDeps, 'db' | 'cipher' | 'contactRetentionDays'>, report: ValidReport, meta: ReportMeta): Promise<SubmittedReport & { itemIds: string[]; reportId: string }> {
  const { receipt, row } = reportRow(deps, report, meta);
  const [itemIds] = await storeReportsWithItems(deps.db, [row]);
  return { receipt, items: submittedItems(report), itemIds: itemIds!, reportId: row.report.id };
}

function reportRow(deps: Pick<IntakeDeps, 'cipher' | 'contactRetentionDays'>, report: ValidReport, meta: ReportMeta): { receipt: string; row: ReportToStore } {
  const receipt = formatReceipt(randomBytes(RECEIPT_BYTES));
  const reportId = randomUUID();
  const row = {
    report: {
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
    urls: report.urls,
  };
  return { receipt, row };
}

function submittedItems(report: ValidReport): SubmittedReport['items'] {
  return report.urls.map((url) => ({ url: url.submitted, normalizedUrl: url.normalized }));
}

/**
 * Stores the reports of requests that arrive within a couple of milliseconds
 * of each other in one statement and one commit: under load the database
 * commits far fewer times, and a lone report waits no longer than the window.
 */
export class ReportWriter {
  private readonly batcher: Batcher<ReportToStore, string[]>;

  constructor(db: Kysely<Database>, options = { windowMs: 2, maxSize: 200 }) {
    this.batcher = new Batcher((reports) => storeReportsWithItems(db, reports), { ...options, retryAlone: true });
  }

  readonly store = async (report: ReportToStore): Promise<string[]> => (await this.batcher.add([report]))[0]!;

  flush(): Promise<void> {
    return this.batcher.flush();
  }
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
