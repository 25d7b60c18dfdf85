import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Cipher } from '../privacy/cipher.js';
import { CSRF_COOKIE } from '../server/security.js';
import { outcomeOf, submissionKey, type FormSubmission } from './submissions.js';

export interface FormDeps {
  db: Kysely<Database>;
  cipher: Cipher;
}

/**
 * Who may see what a form did: the signed-in staff member, or else the browser
 * that sent it, known by its CSRF secret (never stored, only its digest).
 */
function ownerOf(request: FastifyRequest): string | undefined {
  if (request.staff) return `user:${request.staff.user.id}`;
  const cookie = request.cookies[CSRF_COOKIE];
  const secret = cookie ? request.unsignCookie(cookie) : undefined;
  return secret?.valid && secret.value ? `browser:${createHash('sha256').update(secret.value).digest('hex')}` : undefined;
}

/** The submission a form request is, for submitOnce. */
export function formSubmission(request: FastifyRequest, form: string): FormSubmission {
  const fields = (request.body ?? {}) as Record<string, unknown>;
  const token = typeof fields._csrf === 'string' ? fields._csrf : undefined;
  return { form, key: submissionKey(form, token, request.url.split('?', 1)[0]!, fields), owner: ownerOf(request) ?? 'nobody' };
}

/** Where the browser goes after a form: the page (and place on it) that shows its outcome, by reference. */
export function afterForm(target: string, ref: string): string {
  const [path, fragment] = target.split('#', 2) as [string, string | undefined];
  return `${path}${path.includes('?') ? '&' : '?'}done=${ref}${fragment ? `#${fragment}` : ''}`;
}

/** The outcome of a form this page was redirected from (`?done=`), if it is the reader's and still kept. */
export async function shownOutcome<T>(request: FastifyRequest, deps: FormDeps, form: string): Promise<T | undefined> {
  const ref = (request.query as Record<string, string | undefined> | undefined)?.done;
  const owner = ownerOf(request);
  return ref && owner ? outcomeOf<T>(deps.db, deps.cipher, ref, { form, owner }) : undefined;
}
