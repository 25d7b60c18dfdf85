import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../audit/log.js';
import type { StaffUser } from '../auth/users.js';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import {
  checkAssessment,
  weighOpinion,
  type AssessmentInput,
  type AssessmentProblem,
  type OpinionContext,
  type Outcome,
} from '../domain/assessment.js';
import { ForbiddenTransition, type ItemStatus } from '../domain/item-lifecycle.js';
import { roleHas } from '../domain/permissions.js';
import { changeItemStatus, correctItemCategory } from '../items/lifecycle-store.js';
import { claimItem, requireClaim, type Claim } from './claims.js';

export class InvalidAssessment extends Error {
  constructor(readonly problems: (AssessmentProblem | 'own_proposal' | 'supervisor_only')[]) {
    super(`the assessment is not valid: ${problems.join(', ')}`);
    this.name = 'InvalidAssessment';
  }
}

export interface AssessmentRules {
  categoryIds: readonly string[];
  fourEyes: readonly Outcome[];
}

type Executor = Kysely<Database> | Transaction<Database>;
const AWAITING = new Set<ItemStatus>(['received', 'triaged', 'second_opinion', 'disputed']);

/** What the four-eyes rule needs to know of the item and of the person deciding. */
async function opinionContext(db: Executor, itemId: string, analyst: StaffUser, outcome: Outcome, fourEyes: readonly Outcome[]): Promise<OpinionContext> {
  const item = await db.selectFrom('content_items').select('status').where('id', '=', itemId).executeTakeFirstOrThrow();
  if (!AWAITING.has(item.status)) throw new ForbiddenTransition(item.status, 'assessed_illegal');
  const proposal = await db
    .selectFrom('assessments')
    .select(['outcome', 'analyst_id'])
    .where('item_id', '=', itemId)
    .where('kind', '=', 'proposal')
    .orderBy('decided_at', 'desc')
    .$narrowType<{ analyst_id: string }>()
    .executeTakeFirst();
  return {
    status: item.status as OpinionContext['status'],
    proposal: proposal && item.status !== 'received' && item.status !== 'triaged' ? { outcome: proposal.outcome, analystId: proposal.analyst_id } : undefined,
    analyst: { id: analyst.id, supervisor: roleHas(analyst.role, 'item.release_any') },
    outcome,
    fourEyes,
  };
}

/** Claims an item for assessment, unless the four-eyes rule keeps this person off it. */
export async function claimForAssessment(db: Kysely<Database>, itemId: string, analyst: StaffUser, minutes: number, fourEyes: readonly Outcome[]): Promise<Claim> {
  // Any outcome will do: only whether this person may give an opinion now is asked.
  const verdict = weighOpinion(await opinionContext(db, itemId, analyst, 'illegal', fourEyes));
  if (!verdict.ok) throw new InvalidAssessment([verdict.problem]);
  return claimItem(db, itemId, analyst.id, minutes);
}

/**
 * Records an analyst's opinion on an item they hold. Under the four-eyes rule
 * it may decide the item, propose a decision, confirm a colleague's proposal or
 * dissent from it; the assessment, the status change, the corrected category
 * and the audit entry commit together, and the lease ends with it.
 */
export async function assessItem(db: Kysely<Database>, rules: AssessmentRules, itemId: string, analyst: StaffUser, input: AssessmentInput): Promise<ItemStatus> {
  const problems = checkAssessment(input, rules.categoryIds);
  if (problems.length > 0) throw new InvalidAssessment(problems);
  return inTransaction(db, async (trx) => {
    await requireClaim(trx, itemId, analyst.id);
    const verdict = weighOpinion(await opinionContext(trx, itemId, analyst, input.outcome, rules.fourEyes));
    if (!verdict.ok) throw new InvalidAssessment([verdict.problem]);
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
        kind: verdict.kind,
      })
      .execute();
    const detail = { outcome: input.outcome, category: item.category, opinion: verdict.kind };
    const status = await changeItemStatus(trx, { itemId, event: verdict.event, actor: analyst.email, detail });
    await trx.deleteFrom('item_claims').where('item_id', '=', itemId).execute();
    await appendAudit(trx, { actor: analyst.email, action: 'assessment_decided', objectType: 'item', objectId: itemId, detail });
    return status;
  });
}
