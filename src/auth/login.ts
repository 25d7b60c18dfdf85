import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { generateSecret, generateURI, verify } from 'otplib';
import type { Database } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { Cipher } from '../privacy/cipher.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { digestOf, sameDigest } from './secrets.js';
import { normalizeEmail, toStaffUser, type StaffUser } from './users.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
const RECOVERY_CODE_COUNT = 10;
const TOTP_TOLERANCE_SECONDS = 30;
const TOTP_PERIOD_SECONDS = 30;
const ISSUER = 'OpenHotline';

export type PasswordCheck = { ok: true; user: StaffUser } | { ok: false; reason: 'invalid' | 'locked' };

// Verified when the e-mail is unknown, so that an unknown address takes as long as a wrong password.
const dummyHash = hashPassword(randomBytes(16).toString('hex'));

export async function checkPassword(db: Kysely<Database>, email: string, password: string, now = new Date()): Promise<PasswordCheck> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'active', 'totp_enabled', 'password_hash', 'locked_until'])
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
  if (!row || !row.active) {
    await verifyPassword(await dummyHash, password);
    return { ok: false, reason: 'invalid' };
  }
  if (row.locked_until && row.locked_until > now) return { ok: false, reason: 'locked' };
  if (!(await verifyPassword(row.password_hash, password))) {
    return { ok: false, reason: (await recordFailure(db, row.id, now)) ? 'locked' : 'invalid' };
  }
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', row.id).execute();
  return { ok: true, user: toStaffUser(row) };
}

/** Counts a failed attempt; returns true when it locked the account. */
export async function recordFailure(db: Kysely<Database>, userId: string, now = new Date()): Promise<boolean> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', userId)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  if (row.failed_logins < MAX_FAILED_LOGINS) return false;
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) })
    .where('id', '=', userId)
    .execute();
  return true;
}

export interface Enrolment {
  secret: string;
  uri: string;
}

/** The pending TOTP secret of a user enrolling (made on first call, kept until confirmed). */
export async function enrolmentOf(db: Kysely<Database>, cipher: Cipher, user: StaffUser): Promise<Enrolment> {
  const row = await db.selectFrom('users').select('totp_secret_ciphertext').where('id', '=', user.id).executeTakeFirstOrThrow();
  let secret: string;
  if (row.totp_secret_ciphertext) secret = cipher.decrypt(row.totp_secret_ciphertext, totpContext(user.id));
  else {
    secret = generateSecret();
    await db.updateTable('users').set({ totp_secret_ciphertext: cipher.encrypt(secret, totpContext(user.id)) }).where('id', '=', user.id).execute();
  }
  return { secret, uri: generateURI({ issuer: ISSUER, label: user.email, secret }) };
}

/** Confirms enrolment with a first code; returns the recovery codes, to be shown once. */
export async function confirmEnrolment(db: Kysely<Database>, cipher: Cipher, user: StaffUser, code: string): Promise<string[] | undefined> {
  if (!(await checkTotp(db, cipher, user.id, code))) return undefined;
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await inTransaction(db, async (trx) => {
    await trx.updateTable('users').set({ totp_enabled: true }).where('id', '=', user.id).execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
    await trx
      .insertInto('recovery_codes')
      .values(codes.map((recovery) => ({ user_id: user.id, code_digest: digestOf(canonicalRecoveryCode(recovery)), used_at: null })))
      .execute();
  });
  return codes;
}

/** A TOTP code, or an unused recovery code (which is then used up). */
export async function checkSecondFactor(db: Kysely<Database>, cipher: Cipher, userId: string, code: string): Promise<boolean> {
  const trimmed = code.replace(/\s/g, '');
  if (/^\d{6}$/.test(trimmed)) return checkTotp(db, cipher, userId, trimmed);
  return useRecoveryCode(db, userId, trimmed);
}

async function checkTotp(db: Kysely<Database>, cipher: Cipher, userId: string, code: string): Promise<boolean> {
  const row = await db.selectFrom('users').select(['totp_secret_ciphertext', 'totp_last_step']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (!row.totp_secret_ciphertext || !/^\d{6}$/.test(code.trim())) return false;
  const secret = cipher.decrypt(row.totp_secret_ciphertext, totpContext(userId));
  const result = await verify({
    secret,
    token: code.trim(),
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    ...(row.totp_last_step !== null ? { afterTimeStep: row.totp_last_step } : {}),
  });
  if (!result.valid || !('epoch' in result)) return false;
  await db.updateTable('users').set({ totp_last_step: Math.floor(result.epoch / TOTP_PERIOD_SECONDS) }).where('id', '=', userId).execute();
  return true;
}

async function useRecoveryCode(db: Kysely<Database>, userId: string, code: string): Promise<boolean> {
  const digest = digestOf(canonicalRecoveryCode(code));
  const unused = await db.selectFrom('recovery_codes').select(['id', 'code_digest']).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  const match = unused.find((row) => sameDigest(row.code_digest, digest));
  if (!match) return false;
  const used = await db.updateTable('recovery_codes').set({ used_at: new Date() }).where('id', '=', match.id).where('used_at', 'is', null).executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}

function newRecoveryCode(): string {
  return randomBytes(8).toString('hex').replace(/(.{4})(?=.)/g, '$1-');
}

function canonicalRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^0-9a-f]/g, '');
}

function totpContext(userId: string): string {
  return `totp:${userId}`;
}
