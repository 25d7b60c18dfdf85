import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/log.js';
import type { Database } from '../db/schema.js';
import { digestOf, newSecret, sameDigest } from './secrets.js';
import { countUsers, createUser, type StaffUser } from './users.js';

/**
 * The first admin is created through a one-time link that the server prints
 * at start while no staff account exists, so that nobody has to stop the
 * server to run a command on its embedded database. A start replaces any
 * earlier link; the link works once, and only while no account exists.
 */
export async function issueSetupToken(db: Kysely<Database>): Promise<string | undefined> {
  if ((await countUsers(db)) > 0) {
    await db.deleteFrom('setup_tokens').execute();
    return undefined;
  }
  const token = newSecret('ohsetup');
  await db
    .insertInto('setup_tokens')
    .values({ token_digest: digestOf(token) })
    .onConflict((conflict) => conflict.column('singleton').doUpdateSet({ token_digest: digestOf(token), created_at: new Date() }))
    .execute();
  return token;
}

export async function setupTokenWorks(db: Kysely<Database>, token: string): Promise<boolean> {
  const row = await db.selectFrom('setup_tokens').select('token_digest').executeTakeFirst();
  return row !== undefined && sameDigest(row.token_digest, digestOf(token)) && (await countUsers(db)) === 0;
}

/** Creates the first admin and spends the link, in one transaction; undefined when the link no longer works. */
export async function createFirstAdmin(db: Kysely<Database>, token: string, input: { email: string; password: string }): Promise<StaffUser | undefined> {
  return db.transaction().execute(async (trx) => {
    // The row lock makes two submissions of one link wait for each other: the second finds it spent.
    const row = await trx.selectFrom('setup_tokens').select('token_digest').forUpdate().executeTakeFirst();
    if (!row || !sameDigest(row.token_digest, digestOf(token)) || (await countUsers(trx)) > 0) return undefined;
    const { user } = await createUser(trx, { email: input.email, role: 'admin', password: input.password });
    await trx.deleteFrom('setup_tokens').execute();
    await appendAudit(trx, { actor: 'setup', action: 'user_created', objectType: 'user', objectId: user.id, detail: { role: user.role, via: 'setup_link' } });
    return user;
  });
}
