import type { ColumnType, Generated } from 'kysely';
import type { ExchangeMessage, ReportMessage } from './messages.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export interface PartnersTable {
  id: Generated<number>;
  name: string;
  country: string;
  base_url: string;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A partner's public keys by id; two while it rotates. */
export interface PartnerKeysTable {
  key_id: string;
  partner_id: number;
  /** SPKI PEM. */
  public_key: string;
  added_at: CreatedAt;
}

export interface ExchangeOutboxTable {
  id: Generated<string>;
  message_id: string;
  partner_id: number;
  item_id: string;
  type: ExchangeMessage['type'];
  body: Json<ExchangeMessage>;
  created_at: CreatedAt;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  leased_until: Date | null;
  last_error: string | null;
  delivered_at: Date | null;
}

export interface ExchangeInboxTable {
  partner_id: number;
  message_id: string;
  type: ExchangeMessage['type'];
  item_id: string | null;
  received_at: CreatedAt;
}

export interface ExchangeSignaturesTable {
  digest: Buffer;
  seen_at: CreatedAt;
}

/** A report a partner sent: its reference for the item, and the message as received. */
export interface PartnerReportsTable {
  report_id: string;
  partner_id: number;
  reference: string;
  message: Json<ReportMessage>;
}

export interface ExchangeTables {
  partners: PartnersTable;
  partner_keys: PartnerKeysTable;
  exchange_outbox: ExchangeOutboxTable;
  exchange_inbox: ExchangeInboxTable;
  exchange_signatures: ExchangeSignaturesTable;
  partner_reports: PartnerReportsTable;
}
