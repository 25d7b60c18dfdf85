import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { AuditTables } from '../audit/tables.js';
import type { StaffTables } from '../auth/tables.js';
import type { ItemStatus } from '../domain/item-lifecycle.js';
import type { HashCheckTables } from '../hashcheck/tables.js';
import type { HashListTables } from '../hashlists/tables.js';
import type { RdapTables } from '../rdap/tables.js';
import type { ReviewTables } from '../review/tables.js';
import type { TraceTables } from '../trace/tables.js';
import type { TriageTables } from '../triage/tables.js';
import type { WellbeingTables } from '../wellbeing/tables.js';
import type { FormTables } from '../forms/tables.js';
import type { NoticeTables } from '../notices/tables.js';
import type { PoliceTables } from '../police/tables.js';
import type { ProviderTables } from '../providers/tables.js';
import type { RoutingTables } from '../routing/tables.js';
import type { MonitorTables } from '../monitor/tables.js';
import type { EscalationTables } from '../escalation/tables.js';
import type { ExchangeTables } from '../exchange/tables.js';
import type { StatsTables } from '../stats/tables.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Timestamp = ColumnType<Date, Date | undefined, Date>;

export interface ReportsTable {
  id: Generated<string>;
  receipt_digest: Uint8Array;
  received_at: CreatedAt;
  channel: 'web' | 'api' | 'partner';
  language: string;
  claimed_category: string;
  content_type: string | null;
  description: string | null;
  contact_ciphertext: Uint8Array | null;
  may_contact: boolean;
  contact_purge_after: Date | null;
  /** Made by `demo seed`. */
  demo: Generated<boolean>;
}

export interface ContentItemsTable {
  id: Generated<string>;
  normalized_url: string;
  host: string;
  status: ItemStatus;
  category: string;
  reporter_count: Generated<number>;
  first_reported_at: CreatedAt;
  last_reported_at: Timestamp;
  status_changed_at: Timestamp;
  /** Where the content is hosted, as tracing last found it. */
  hosting_country: ColumnType<string | null, never, string | null>;
}

export interface ReportItemsTable {
  report_id: string;
  item_id: string;
  submitted_url: string;
}

export interface ItemEventsTable {
  id: Generated<number>;
  item_id: string;
  at: CreatedAt;
  event: string;
  from_status: ItemStatus | null;
  to_status: ItemStatus;
  actor: string | null;
  detail: ColumnType<unknown, string | null, never> | null;
}

export interface IntakeTables {
  reports: ReportsTable;
  content_items: ContentItemsTable;
  report_items: ReportItemsTable;
  item_events: ItemEventsTable;
}

/** Every table, by the capability that owns it; a capability reads another's only through its functions. */
export interface Database extends IntakeTables,
    HashListTables,
    HashCheckTables,
    StaffTables,
    ReviewTables,
    AuditTables,
    WellbeingTables,
    TraceTables,
    TriageTables,
    FormTables,
    ProviderTables,
    RoutingTables,
    PoliceTables,
    NoticeTables,
    RdapTables,
    MonitorTables,
    EscalationTables,
    ExchangeTables,
    StatsTables {}

export type Report = Selectable<ReportsTable>;
export type NewReport = Insertable<ReportsTable>;
export type ContentItem = Selectable<ContentItemsTable>;
