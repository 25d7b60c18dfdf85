import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { digestOf, newSecret } from './secrets.js';
import { toStaffUser, type StaffUser } from './users.js';

/** A bearer token for integrations, carrying its user's role; printed once, stored as a digest. */
export async function createApiToken(db: Kysely<Database>, userId: string, label: string | null): Promise<string> {
  const token = newSecret('oht');
  await db.insertInto('api_tokens').values({ user_id: userId, token_digest: digestOf(token), label, last_used_at: null, revoked_at: null }).execute();
  return token;
}

export async function userOfApiToken(db: Kysely<Database>, token: string): Promise<StaffUser | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'users.id', 'users.email', 'users.role', 'users.active', 'users.totp_enabled'])
    .where('api_tokens.token_digest', '=', digestOf(token))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || !row.active) return undefined;
  await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.token_id).execute();
  return toStaffUser(row);
}
