import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { Role } from '../domain/permissions.js';
import { generatePassword, hashPassword, passwordProblem } from './passwords.js';

export interface StaffUser {
  id: string;
  email: string;
  role: Role;
  active: boolean;
  totpEnabled: boolean;
}

/** An account that cannot be made as asked; the code says why, for a message in the reader's language. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: 'email_invalid' | 'email_taken' | 'other' = 'other',
  ) {
    super(message);
    this.name = 'UserError';
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a staff account; returns the password, generated when none is given. */
export async function createUser(
  db: Kysely<Database>,
  input: { email: string; role: Role; password?: string | undefined },
): Promise<{ user: StaffUser; password: string }> {
  const email = normalizeEmail(input.email);
  if (!EMAIL.test(email)) throw new UserError(`${input.email} is not an e-mail address`, 'email_invalid');
  const password = input.password ?? generatePassword();
  const problem = passwordProblem(password);
  if (problem) throw new UserError(problem);
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw new UserError(`a user with the e-mail address ${email} exists already`, 'email_taken');
  const row = await db
    .insertInto('users')
    .values({ email, role: input.role, password_hash: await hashPassword(password), totp_secret_ciphertext: null, totp_last_step: null, locked_until: null })
    .returning(['id', 'email', 'role', 'active', 'totp_enabled'])
    .executeTakeFirstOrThrow();
  return { user: toStaffUser(row), password };
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<StaffUser | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'active', 'totp_enabled'])
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
  return row && toStaffUser(row);
}

export async function listUsers(db: Kysely<Database>): Promise<StaffUser[]> {
  const rows = await db.selectFrom('users').select(['id', 'email', 'role', 'active', 'totp_enabled']).orderBy('email').execute();
  return rows.map(toStaffUser);
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Resets an account after a lost phone or password: a new password, second
 * factor to enrol again, lock-out lifted, every session and token revoked.
 */
export async function resetUser(db: Kysely<Database>, userId: string): Promise<string> {
  const password = generatePassword();
  const hash = await hashPassword(password);
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, totp_secret_ciphertext: null, totp_enabled: false, totp_last_step: null, failed_logins: 0, locked_until: null })
      .where('id', '=', userId)
      .execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await trx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  });
  return password;
}

export function toStaffUser(row: { id: string; email: string; role: Role; active: boolean; totp_enabled: boolean }): StaffUser {
  return { id: row.id, email: row.email, role: row.role, active: row.active, totpEnabled: row.totp_enabled };
}
