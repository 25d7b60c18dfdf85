import type { ColumnType, Generated } from 'kysely';
import type { RoutingDecisionKind, RoutingReason, RoutingRecipient } from '../domain/routing.js';

export interface ItemRoutingsTable {
  id: Generated<number>;
  item_id: string;
  decided_at: ColumnType<Date, Date | undefined, never>;
  decision: RoutingDecisionKind;
  reasons: ColumnType<RoutingReason[], string, never>;
  recipients: ColumnType<RoutingRecipient[], string, never>;
  hosting_country: string | null;
  provider_id: number | null;
  origin_unknown: boolean;
  /** Who decided: null for the hotline's own rules, a supervisor for an override or a hand-entered recipient. */
  decided_by: string | null;
  override_reason: string | null;
  /** When the decision was carried out or replaced; open decisions show in the supervisors' lists. */
  settled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface RoutingTables {
  item_routings: ItemRoutingsTable;
}
