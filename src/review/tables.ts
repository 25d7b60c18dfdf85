import type { ColumnType, Generated } from 'kysely';
import type { Classification, OpinionKind, Outcome } from '../domain/assessment.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface ItemClaimsTable {
  item_id: string;
  user_id: string;
  claimed_at: CreatedAt;
  expires_at: Date;
}

export interface AssessmentsTable {
  id: Generated<string>;
  item_id: string;
  /** Null for an automatic assessment of known material. */
  analyst_id: string | null;
  outcome: Outcome;
  category: string;
  classification: ColumnType<Classification | null, string | null, never>;
  note: string | null;
  kind: Generated<OpinionKind>;
  decided_at: CreatedAt;
  automatic: Generated<boolean>;
}

export interface ReviewTables {
  item_claims: ItemClaimsTable;
  assessments: AssessmentsTable;
}
