import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A bearer secret: a readable prefix and 256 random bits. Only its digest is ever stored. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function digestOf(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
