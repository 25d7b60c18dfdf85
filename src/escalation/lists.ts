import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EscalationTarget } from '../domain/escalation.js';
import type { StepOutcome } from './tables.js';

export interface EscalationAlert {
  id: number;
  reference: string;
  target: Exclude<EscalationTarget, 'reminder'>;
  outcome: StepOutcome;
  recipients: string[];
  detail: string | null;
  takenAt: Date;
  /** Items of the first notice whose content is still there. */
  openItems: number;
  /** One of them, to open from the list. */
  itemId: string | null;
}

/** Escalations supervisors have not dealt with yet, oldest first: the workbench's alert. */
export async function escalationAlerts(db: Kysely<Database>): Promise<EscalationAlert[]> {
  const rows = await db
    .selectFrom('escalation_steps')
    .innerJoin('notices', 'notices.id', 'escalation_steps.first_notice_id')
    .select(['escalation_steps.id', 'notices.reference', 'escalation_steps.target', 'escalation_steps.outcome', 'escalation_steps.recipients', 'escalation_steps.detail', 'escalation_steps.taken_at as takenAt'])
    .select((eb) => [
      eb
        .selectFrom('notice_items')
        .leftJoin('item_monitoring', 'item_monitoring.item_id', 'notice_items.item_id')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('notice_items.notice_id', '=', 'notices.id')
        .where('notice_items.closed_at', 'is', null)
        .where('item_monitoring.removed_at', 'is', null)
        .as('openItems'),
      eb.selectFrom('notice_items').select('notice_items.item_id').whereRef('notice_items.notice_id', '=', 'notices.id').orderBy('notice_items.item_id').limit(1).as('itemId'),
    ])
    .where('escalation_steps.target', '<>', 'reminder')
    .where('escalation_steps.seen_at', 'is', null)
    .orderBy('escalation_steps.taken_at')
    .orderBy('escalation_steps.id')
    .limit(200)
    .$narrowType<{ target: EscalationAlert['target'] }>()
    .execute();
  return rows.map((row) => ({ ...row, openItems: Number(row.openItems ?? 0), itemId: row.itemId ?? null }));
}

/** A supervisor dealt with an escalation; false when there is no such alert open. */
export async function markEscalationSeen(db: Kysely<Database>, id: number, actor: string): Promise<boolean> {
  const result = await db.updateTable('escalation_steps').set({ seen_at: new Date(), seen_by: actor }).where('id', '=', id).where('target', '<>', 'reminder').where('seen_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
