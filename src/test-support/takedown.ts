import type { Kysely } from 'kysely';
import { loadConfig } from '../config/config.js';
import type { Database } from '../db/schema.js';
import { submitReport } from '../intake/reports.js';
import { changeItemStatus } from '../items/lifecycle-store.js';
import { moveNotice, noticesOfItem } from '../notices/store.js';
import type { Cipher } from '../privacy/cipher.js';
import { routeItem } from '../routing/route-item.js';
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
