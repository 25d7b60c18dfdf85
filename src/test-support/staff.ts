import type { Kysely } from 'kysely';
import { createApiToken } from '../auth/api-tokens.js';
import { createUser, type StaffUser } from '../auth/users.js';
import type { Database } from '../db/schema.js';
import type { Role } from '../domain/permissions.js';

let serial = 0;

/** A staff account of the role with a bearer token, for tests that call the API or pages as that person. */
export async function staffWithToken(db: Kysely<Database>, role: Role): Promise<{ user: StaffUser; token: string; password: string }> {
  const { user, password } = await createUser(db, { email: `${role}-${serial++}-${Date.now()}@hotline.example`, role });
  return { user, password, token: await createApiToken(db, user.id, 'test') };
}
