import type { ColumnType, Generated } from 'kysely';
import type { ProviderKind } from '../domain/providers.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
/** bigint[] arrives as text from both engines. */
type AsnArray = ColumnType<string[], number[] | undefined, number[]>;

/** One entry of the provider directory. */
export interface ProvidersTable {
  id: Generated<number>;
  name: string;
  kind: ProviderKind;
  country: string | null;
  cidrs: ColumnType<string[], string[] | undefined, string[]>;
  asns: AsnArray;
  domains: ColumnType<string[], string[] | undefined, string[]>;
  abuse_emails: ColumnType<string[], string[] | undefined, string[]>;
  language: string | null;
  deadline_seconds: number | null;
  dsa: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ProviderTables {
  providers: ProvidersTable;
}
