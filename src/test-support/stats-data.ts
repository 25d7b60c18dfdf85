import { sql, type Kysely } from 'kysely';
import type { StaffUser } from '../auth/users.js';
import { loadConfig } from '../config/config.js';
import type { Database } from '../db/schema.js';
import { DEFAULT_CATEGORIES } from '../domain/categories.js';
import type { Outcome } from '../domain/assessment.js';
import { submitReport } from '../intake/reports.js';
import { changeItemStatus, recordHostingCountry } from '../items/lifecycle-store.js';
import { moveNotice, noticesOfItem } from '../notices/store.js';
import type { Cipher } from '../privacy/cipher.js';
import { assessItem, claimForAssessment } from '../review/assess.js';
import { routeItem } from '../routing/route-item.js';
import { routingDeps } from '../server/takedown.js';
import { SAMPLE_CLASSIFICATION } from './fixtures.js';
import { validReport } from './reports.js';

export interface PlannedItem {
  url: string;
  category: string;
  /** Where tracing finds it: an address in a directory provider's networks is notified. */
  address: string;
  country: string;
  reportedAt: Date;
  outcome: Outcome;
  assessedAfterSeconds: number;
  /** For a notified item: when the content was gone, counted from the notice. */
  removedAfterSeconds?: number;
  reminders?: number;
  disputed?: boolean;
}

/**
 * An item taken through the real flows — report, trace, triage, assessment by an analyst,
 * routing and its notice, recorded as accepted by the SMTP server as the sender records it — then placed at its planned times.
 * The notice starts monitoring; its row in item_monitoring is then given the planned
 * removal time and reminders (no site to check here), and the removal goes through the
 * item's lifecycle like any other status change.
 */
export async function plannedItem(db: Kysely<Database>, cipher: Cipher, analyst: StaffUser, plan: PlannedItem): Promise<string> {
  let itemId = '';
  const report = { ...validReport([plan.url]), category: plan.category };
  await submitReport({ db, cipher, contactRetentionDays: 30, onItemsReported: (ids) => (itemId = ids[0]!) }, report, { channel: 'api', language: 'en' });
  const host = new URL(plan.url).hostname;
  await db.insertInto('item_traces').values({ item_id: itemId, host, country: plan.country, addresses: JSON.stringify([{ address: plan.address, family: 4, isPublic: true, country: plan.country, network: null }]), error: null }).execute();
  await db.transaction().execute(async (trx) => {
    await recordHostingCountry(trx, itemId, plan.country, { country: plan.country });
    await changeItemStatus(trx, { itemId, event: 'triage_completed', actor: null });
  });
  await claimForAssessment(db, itemId, analyst, 30, []);
  const rules = { categoryIds: DEFAULT_CATEGORIES.map((category) => category.id), fourEyes: [] };
  await assessItem(db, rules, itemId, analyst, { outcome: plan.outcome, ...(plan.outcome === 'illegal' ? { classification: SAMPLE_CLASSIFICATION } : {}) });
  await placeInTime(db, itemId, plan);
  if (plan.outcome === 'illegal') await notify(db, itemId, plan);
  return itemId;
}

const later = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

async function placeInTime(db: Kysely<Database>, itemId: string, plan: PlannedItem): Promise<void> {
  await db.updateTable('content_items').set({ first_reported_at: plan.reportedAt } as never).where('id', '=', itemId).execute();
  await sql`UPDATE reports SET received_at = ${plan.reportedAt} WHERE id IN (SELECT report_id FROM report_items WHERE item_id = ${itemId})`.execute(db);
  await sql`UPDATE assessments SET decided_at = ${later(plan.reportedAt, plan.assessedAfterSeconds)} WHERE item_id = ${itemId}`.execute(db);
}

async function notify(db: Kysely<Database>, itemId: string, plan: PlannedItem): Promise<void> {
  await routeItem(routingDeps(loadConfig({ NOTICE_DELAY: '0s' }), db, { rdap: undefined, scheduleNotices: async () => {} }), itemId);
  const notice = (await noticesOfItem(db, itemId))[0]!;
  await moveNotice(db, notice.id, 'claimed');
  await db.transaction().execute(async (trx) => {
    await moveNotice(trx, notice.id, 'accepted', { smtp_response: '250 OK' });
    await changeItemStatus(trx, { itemId, event: 'notice_sent', actor: null, detail: { notice: notice.id } });
  });
  const actedAt = later(plan.reportedAt, plan.assessedAfterSeconds + 600);
  if (plan.disputed) await db.updateTable('notice_items').set({ response: 'disputed', response_reason: 'not ours', responded_at: new Date() }).where('item_id', '=', itemId).execute();
  const providerId = (await db.selectFrom('notices').select('provider_id').where('id', '=', notice.id).executeTakeFirstOrThrow()).provider_id;
  const removal = plan.removedAfterSeconds;
  // Monitoring started with the notice; its row is placed at the planned times and given the planned outcome.
  await db
    .updateTable('item_monitoring')
    .set({
      acted_at: actedAt,
      provider_id: providerId,
      hosting_country: plan.country,
      next_check_at: removal === undefined ? new Date() : null,
      removed_at: removal === undefined ? null : later(actedAt, removal),
      time_to_removal_seconds: removal ?? null,
      reminders: plan.reminders ?? 0,
    })
    .where('item_id', '=', itemId)
    .execute();
  if (removal !== undefined) await db.transaction().execute((trx) => changeItemStatus(trx, { itemId, event: 'removal_confirmed', actor: null }));
}
