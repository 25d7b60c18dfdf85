import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Classification } from '../domain/assessment.js';
import { changeItemStatus, correctItemCategory } from '../items/lifecycle-store.js';
import { appendAudit } from '../audit/log.js';
import type { KnownMedia } from '../triage/known-media.js';

/**
 * Known material (AUTO_ASSESS_KNOWN): an item whose captured files are all
 * known to hash lists that carry a classification is assessed illegal by the
 * hotline itself, with the lists' category and classification, so that no
 * analyst has to see it again before the notice goes out. True when it was.
 */
export async function assessKnownMaterial(db: Kysely<Database>, itemId: string): Promise<boolean> {
  const media = await db.selectFrom('captured_media').select(['known', 'kind']).where('item_id', '=', itemId).execute();
  const known = media.map((file) => file.known).filter((entry): entry is KnownMedia => entry !== null);
  if (media.length === 0 || known.length < media.length) return false;
  const first = known.find((entry) => entry.classification === 'baseline') ?? known[0]!;
  const classification: Classification = {
    legalBasis: first.classification,
    ageGroup: 'not_determined',
    gender: 'not_determined',
    contentType: media.every((file) => file.kind === 'video') ? 'video' : 'image',
    siteType: 'other',
    commercial: false,
    paymentMethods: [],
    virtual: false,
    userGenerated: false,
    childModelling: false,
  };
  return db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom('content_items').select('status').where('id', '=', itemId).forUpdate().executeTakeFirstOrThrow();
    if (item.status !== 'triaged') return false;
    await trx
      .insertInto('assessments')
      .values({
        item_id: itemId,
        analyst_id: null,
        automatic: true,
        outcome: 'illegal',
        category: first.category,
        classification: JSON.stringify(classification),
        note: `all ${media.length} captured files are known material (hash lists)`,
        kind: 'decision',
      })
      .execute();
    await correctItemCategory(trx, itemId, first.category, 'system');
    const detail = { outcome: 'illegal', category: first.category, automatic: true, knownFiles: media.length };
    await changeItemStatus(trx, { itemId, event: 'assessed_illegal', actor: null, detail });
    await appendAudit(trx, { actor: 'system', action: 'assessment_automatic', objectType: 'item', objectId: itemId, detail });
    return true;
  });
}
