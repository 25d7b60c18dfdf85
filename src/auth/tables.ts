import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../domain/permissions.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  role: Role;
  password_hash: string;
  /** Sealed with the personal-data key; set from enrolment on. */
  totp_secret_ciphertext: Uint8Array | null;
  totp_enabled: Generated<boolean>;
  /** The last TOTP time step accepted: a code is never accepted twice. */
  totp_last_step: number | null;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  /** The analyst's own exposure limits; null keeps the defaults. */
  wellbeing: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: string;
  code_digest: Uint8Array;
  used_at: Date | null;
}

export interface SessionsTable {
  token_digest: Uint8Array;
  user_id: string;
  /** 'password' until the second factor is given, then 'full'. */
  stage: 'password' | 'full';
  created_at: CreatedAt;
  last_seen_at: Date;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  token_digest: Uint8Array;
  label: string | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface StaffTables {
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  setup_tokens: SetupTokensTable;
}

/** The one-time link that creates the first admin while no staff account exists. */
export interface SetupTokensTable {
  singleton: Generated<boolean>;
  token_digest: Uint8Array;
  created_at: ColumnType<Date, Date | undefined, Date>;
}
