import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ItemStatus } from '../domain/item-lifecycle.js';
import type { Classification as LegalBasis } from '../hashlists/tables.js';
import { addConfirmedMedia, ownListName } from '../hashlists/lists.js';
import type { CapturedMedia } from '../triage/findings.js';
import { hashesOfCapturedMedia, markMediaKnown } from '../triage/findings.js';
import type { ItemView } from './item-view.js';
import { AWAITING_ASSESSMENT } from './queue.js';

/**
 * An analyst who saw a captured file on an item assessed illegal adds its
 * hashes to the hotline's own list for the item's category and legal basis, so
 * that copies are recognised in triage (and by HashCheck) without anyone
 * having to look at them again.
 */
/** Items in these statuses have no standing decision that their content is illegal. */
const NOT_DECIDED_ILLEGAL: readonly ItemStatus[] = [...AWAITING_ASSESSMENT, 'not_illegal', 'unavailable'];

export interface Confirmation {
  category: string;
  legalBasis: LegalBasis;
}

/** What the file would be confirmed as: the item's category and its illegal assessment's legal basis; undefined when it cannot be. */
export function confirmationFor(item: ItemView, media: CapturedMedia): Confirmation | undefined {
  if (media.known || media.erasedAt) return undefined;
  const decision = item.assessments.at(-1);
  if (NOT_DECIDED_ILLEGAL.includes(item.status) || decision?.outcome !== 'illegal' || !decision.classification) return undefined;
  return { category: item.category, legalBasis: decision.classification.legalBasis };
}

export class NotConfirmable extends Error {
  constructor() {
    super('only a file not yet known, on an item assessed illegal, can be added to the hotline’s own list');
    this.name = 'NotConfirmable';
  }
}

/** Adds the file's hashes to the own list and marks it known; returns the list's name. */
export async function confirmCapturedMedia(db: Kysely<Database>, item: ItemView, media: CapturedMedia): Promise<string> {
  const confirmation = confirmationFor(item, media);
  const hashes = confirmation && (await hashesOfCapturedMedia(db, item.id, media.id));
  if (!confirmation || !hashes) throw new NotConfirmable();
  const classification = confirmation.legalBasis;
  await addConfirmedMedia(db, { ...hashes, category: confirmation.category, classification });
  const matchedBy = hashes.pdq ? (['md5', 'sha1', 'sha256', 'pdq'] as const) : (['md5', 'sha1', 'sha256'] as const);
  await markMediaKnown(db, media.id, { category: confirmation.category, classification, matchedBy: [...matchedBy], pdqDistance: hashes.pdq ? 0 : null });
  return ownListName(confirmation.category, classification);
}
