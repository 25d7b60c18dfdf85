import type { ColumnType, Generated } from 'kysely';
import type { EscalationTarget } from '../domain/escalation.js';

/** `queued`: messages were queued; `no_contact`: nobody to write to (the supervisors act). */
export type StepOutcome = 'queued' | 'no_contact';

export interface EscalationStepsTable {
  id: Generated<number>;
  first_notice_id: string;
  target: EscalationTarget;
  taken_at: ColumnType<Date, Date | undefined, never>;
  outcome: StepOutcome;
  recipients: ColumnType<string[], string[] | undefined, never>;
  detail: string | null;
  /** A supervisor saw the alert and dealt with it. */
  seen_at: Date | null;
  seen_by: string | null;
}

export interface EscalationTables {
  escalation_steps: EscalationStepsTable;
}
