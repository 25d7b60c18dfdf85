import type { ColumnType } from 'kysely';

export type RdapQueryKind = 'network' | 'domain';

export interface RdapAnswersTable {
  kind: RdapQueryKind;
  /** The IP address or domain name asked about, normalised. */
  query: string;
  /** A network or domain answer, or the failure, as the lookup returned it. */
  answer: ColumnType<unknown, string, string>;
  fetched_at: Date;
  expires_at: Date;
}

export interface RdapTables {
  rdap_answers: RdapAnswersTable;
}
