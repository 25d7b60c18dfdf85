import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The link in a notice to the provider's page: the notice id and a token
 * derived from the hotline's key, so it cannot be guessed, needs no login and
 * is never stored.
 */
export function noticePageToken(key: Buffer, noticeId: string): string {
  return createHmac('sha256', key).update(`notice-page:${noticeId}`).digest('base64url');
}

export function noticePageUrl(baseUrl: string, key: Buffer, noticeId: string): string {
  return `${baseUrl}/notices/${noticeId}/${noticePageToken(key, noticeId)}`;
}

export function isNoticePageToken(key: Buffer, noticeId: string, token: string): boolean {
  const expected = Buffer.from(noticePageToken(key, noticeId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
