import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Cipher } from '../privacy/cipher.js';

/**
 * Forms that change something are sent once: the change and the record of the
 * submission commit together, so the same form sent again (a double click, a
 * replayed request) finds the record and gets the first outcome back instead
 * of a second change. The page the browser is then redirected to reads the
 * outcome by reference, so reloading it repeats nothing.
 */
export interface FormSubmission {
  /** What kind of form, e.g. `report`; an outcome is only ever shown as its own kind. */
  form: string;
  key: Buffer;
  owner: string;
}

export interface Submitted<T> {
  /** The reference to the outcome for the page after the redirect. */
  ref: string;
  /** Undefined when this is a repeat whose outcome has been erased already. */
  outcome: T | undefined;
  /** False for a repeat of a submission that was already carried out. */
  fresh: boolean;
}

/** How long the page after a form shows what it did; secrets in an outcome are erased after this. */
export const OUTCOME_MINUTES = 60;
/** How long a submission is remembered, so that a late repeat still counts once. */
export const SUBMISSION_DAYS = 7;

/**
 * The key of one form as sent: its kind, its one-time token, where it was sent
 * and every field. No token (a bearer-token client) means no repeat detection.
 */
export function submissionKey(form: string, token: string | undefined, action: string, fields: Record<string, unknown>): Buffer {
  if (!token) return randomBytes(32);
  const sorted = Object.entries(fields)
    .filter(([name]) => name !== '_csrf')
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256').update(JSON.stringify([form, token, action, sorted])).digest();
}

const sealingContext = (key: Uint8Array) => `form-outcome:${Buffer.from(key).toString('hex')}`;

/** Carries out the change once per submission, in one transaction with its record; a repeat gets the first outcome. */
export async function submitOnce<T>(
  db: Kysely<Database>,
  cipher: Cipher,
  submission: FormSubmission,
  change: (trx: Transaction<Database>) => Promise<T>,
): Promise<Submitted<T>> {
  const ref = submission.key.toString('hex');
  return db.transaction().execute(async (trx) => {
    const recorded = await trx
      .insertInto('form_submissions')
      .values({ key: submission.key, form: submission.form, owner: submission.owner, outcome: null })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!recorded) return { ref, outcome: await readOutcome<T>(trx, cipher, submission.key, submission), fresh: false };
    const outcome = await change(trx);
    await trx
      .updateTable('form_submissions')
      .set({ outcome: cipher.encrypt(JSON.stringify(outcome ?? null), sealingContext(submission.key)) })
      .where('key', '=', submission.key)
      .execute();
    return { ref, outcome, fresh: true };
  });
}

/** The outcome behind a reference, if it is this owner's, of this kind and still kept. */
export async function outcomeOf<T>(db: Kysely<Database>, cipher: Cipher, ref: string, expected: { form: string; owner: string }): Promise<T | undefined> {
  if (!/^[0-9a-f]{64}$/.test(ref)) return undefined;
  return readOutcome<T>(db, cipher, Buffer.from(ref, 'hex'), expected);
}

async function readOutcome<T>(db: Kysely<Database>, cipher: Cipher, key: Buffer, expected: { form: string; owner: string }): Promise<T | undefined> {
  const row = await db
    .selectFrom('form_submissions')
    .select(['outcome', 'form', 'owner'])
    .where('key', '=', key)
    .where('submitted_at', '>', new Date(Date.now() - OUTCOME_MINUTES * 60_000))
    .executeTakeFirst();
  if (!row?.outcome || row.form !== expected.form || row.owner !== expected.owner) return undefined;
  return JSON.parse(cipher.decrypt(row.outcome, sealingContext(key))) as T;
}

/** Erases outcomes older than OUTCOME_MINUTES and forgets submissions older than SUBMISSION_DAYS; returns how many rows changed. */
export async function eraseOldSubmissions(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  const erased = await db
    .updateTable('form_submissions')
    .set({ outcome: null })
    .where('outcome', 'is not', null)
    .where('submitted_at', '<=', new Date(now.getTime() - OUTCOME_MINUTES * 60_000))
    .executeTakeFirst();
  const forgotten = await db
    .deleteFrom('form_submissions')
    .where('submitted_at', '<=', new Date(now.getTime() - SUBMISSION_DAYS * 86_400_000))
    .executeTakeFirst();
  return Number(erased.numUpdatedRows) + Number(forgotten.numDeletedRows);
}
