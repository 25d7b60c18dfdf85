import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/log.js';
import type { StaffUser } from '../auth/users.js';
import type { Database } from '../db/schema.js';
import { OUTCOME_EVENTS, checkAssessment, type AssessmentInput, type AssessmentProblem } from '../domain/assessment.js';
import type { ItemStatus } from '../domain/item-lifecycle.js';
import { changeItemStatus, correctItemCategory } from '../items/lifecycle-store.js';
import { requireClaim } from './claims.js';

export class InvalidAssessment extends Error {
  constructor(readonly problems: AssessmentProblem[]) {
    super(`the assessment is not valid: ${problems.join(', ')}`);
    this.name = 'InvalidAssessment';
  }
}

/**
 * Records an analyst's decision on an item they hold: the assessment, the
 * corrected category, the status change through the lifecycle and the audit
 * entry commit together or not at all; the lease ends with the decision.
 */
export async function assessItem(
  db: Kysely<Database>,
  categoryIds: readonly string[],
  itemId: string,
  analyst: StaffUser,
  input: AssessmentInput,
): Promise<ItemStatus> {
  const problems = checkAssessment(input, categoryIds);
  if (problems.length > 0) throw new InvalidAssessment(problems);
  return db.transaction().execute(async (trx) => {
    await requireClaim(trx, itemId, analyst.id);
    if (input.category) await correctItemCategory(trx, itemId, input.category, analyst.email);
    const item = await trx.selectFrom('content_items').select('category').where('id', '=', itemId).executeTakeFirstOrThrow();
    await trx
      .insertInto('assessments')
      .values({
        item_id: itemId,
        analyst_id: analyst.id,
        outcome: input.outcome,
        category: item.category,
        classification: input.classification ? JSON.stringify(input.classification) : null,
        note: input.note ?? null,
      })
      .execute();
    const status = await changeItemStatus(trx, {
      itemId,
      event: OUTCOME_EVENTS[input.outcome],
      actor: analyst.email,
      detail: { outcome: input.outcome, category: item.category },
    });
    await trx.deleteFrom('item_claims').where('item_id', '=', itemId).execute();
    await appendAudit(trx, {
      actor: analyst.email,
      action: 'assessment_decided',
      objectType: 'item',
      objectId: itemId,
      detail: { outcome: input.outcome, category: item.category },
    });
    return status;
  });
}
