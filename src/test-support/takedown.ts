import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { loadConfig } from '../config/config.js';
import type { Database } from '../db/schema.js';
import { submitReport } from '../intake/reports.js';
import { changeItemStatus } from '../items/lifecycle-store.js';
import { moveNotice, noticesOfItem } from '../notices/store.js';
import type { Cipher } from '../privacy/cipher.js';
import { DEFAULT_CATEGORIES } from '../domain/categories.js';
import type { SenderDeps } from '../notices/send.js';
import type { NoticeMailer } from '../notices/smtp.js';
import { rerouteIfMoved } from '../routing/retrace.js';
import { routeItem, type RoutingDeps } from '../routing/route-item.js';
import { traceHosts, type TraceDeps } from '../triage/triage.js';
import { routingDeps } from '../server/takedown.js';
import { validReport } from './reports.js';

/**
 * An item reported, traced to `address`, assessed illegal and routed by the
 * real routing (no RDAP); its first notice, when it has one, is recorded as
 * accepted by the SMTP server. For tests of the pages that show the result.
 */
export async function routedItem(db: Kysely<Database>, cipher: Cipher, url: string, address: string, env: Record<string, string> = {}): Promise<{ itemId: string; noticeId: string | undefined }> {
  let itemId = '';
  await submitReport({ db, cipher, contactRetentionDays: 30, onItemsReported: (ids) => (itemId = ids[0]!) }, validReport([url]), { channel: 'api', language: 'en' });
  const host = new URL(url).hostname;
  await db.insertInto('item_traces').values({ item_id: itemId, host, country: null, addresses: JSON.stringify([{ address, family: 4, isPublic: true, country: null, network: null }]), error: null }).execute();
  await db.transaction().execute(async (trx) => {
    await changeItemStatus(trx, { itemId, event: 'triage_completed', actor: null });
    await changeItemStatus(trx, { itemId, event: 'assessed_illegal', actor: 'analyst@hotline.example' });
  });
  await routeItem(routingDeps(loadConfig({ NOTICE_DELAY: '0s', ...env }), db, { rdap: undefined, scheduleNotices: async () => {} }), itemId);
  const noticeId = (await noticesOfItem(db, itemId))[0]?.id;
  if (noticeId && (await moveNotice(db, noticeId, 'claimed'))) await moveNotice(db, noticeId, 'accepted', { smtp_response: '250 OK' });
  return { itemId, noticeId };
}

/**
 * Sending as the server wires it, for tests with a loopback SMTP server: the
 * test hotline, and the re-trace before sending through `trace`.
 */
export function testSender(deps: { db: Kysely<Database>; mailer: NoticeMailer; routing: RoutingDeps; trace: TraceDeps; schedule: SenderDeps['schedule']; retryMaxMs: number }): SenderDeps {
  return {
    db: deps.db,
    mailer: deps.mailer,
    hotline: { name: 'Test Hotline', email: 'notices@hotline.example', country: 'NL' },
    publicBaseUrl: 'https://hotline.example',
    pageKey: randomBytes(32),
    categories: DEFAULT_CATEGORIES,
    retryMaxMs: deps.retryMaxMs,
    rerouteIfMoved: (itemIds) => rerouteIfMoved(deps.routing, (itemsOn) => traceHosts(deps.trace, itemsOn), itemIds),
    schedule: deps.schedule,
  };
}
