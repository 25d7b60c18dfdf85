import type { ColumnType } from 'kysely';

export interface PoliceReferralsTable {
  item_id: string;
  referred_at: ColumnType<Date, Date | undefined, never>;
  reason: 'category' | 'no_partner';
  hold_until: Date | null;
  released_at: Date | null;
  released_by: string | null;
}

export interface PoliceTables {
  police_referrals: PoliceReferralsTable;
}
