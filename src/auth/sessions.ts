import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { digestOf, newSecret } from './secrets.js';
import { toStaffUser, type StaffUser } from './users.js';

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

export type SessionStage = 'password' | 'full';

export interface Session {
  user: StaffUser;
  stage: SessionStage;
}

const MINUTE_MS = 60_000;

export async function createSession(db: Kysely<Database>, userId: string, stage: SessionStage): Promise<string> {
  const token = newSecret('ohs');
  await db.insertInto('sessions').values({ token_digest: digestOf(token), user_id: userId, stage, last_seen_at: new Date() }).execute();
  return token;
}

/** The session behind a cookie, if it is alive: not idle too long, not too old, its user active. */
export async function loadSession(
  db: Kysely<Database>,
  token: string,
  limits: SessionLimits,
  now = new Date(),
): Promise<Session | undefined> {
  const digest = digestOf(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.stage', 'sessions.created_at', 'sessions.last_seen_at', 'users.id', 'users.email', 'users.role', 'users.active', 'users.totp_enabled'])
    .where('sessions.token_digest', '=', digest)
    .executeTakeFirst();
  if (!row || !row.active) return undefined;
  const idleFor = now.getTime() - row.last_seen_at.getTime();
  const age = now.getTime() - row.created_at.getTime();
  if (idleFor > limits.idleMinutes * MINUTE_MS || age > limits.absoluteHours * 60 * MINUTE_MS) {
    await db.deleteFrom('sessions').where('token_digest', '=', digest).execute();
    return undefined;
  }
  // Touch at most once a minute: one write per request would be wasted work.
  if (idleFor > MINUTE_MS) await db.updateTable('sessions').set({ last_seen_at: now }).where('token_digest', '=', digest).execute();
  return { user: toStaffUser(row), stage: row.stage };
}

/** After the second factor: a new token for the full session, so a token seen before login is worthless. */
export async function upgradeSession(db: Kysely<Database>, oldToken: string, userId: string): Promise<string> {
  await endSession(db, oldToken);
  return createSession(db, userId, 'full');
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_digest', '=', digestOf(token)).execute();
}

export async function endAllSessions(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
