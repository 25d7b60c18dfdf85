import { hkdfSync } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { firstValueOfEachField } from './form-fields.js';

export interface SecurityOptions {
  /** Key material for cookie signing; derived, so that no second secret needs configuring. */
  secretKey: Buffer;
  secureCookies: boolean;
}

/** The cookie that holds a browser's CSRF secret; its tokens are made from it. */
export const CSRF_COOKIE = 'csrf';

/** Content-Security-Policy for every page: nothing from anywhere but this origin, no inline code. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  mediaSrc: ["'self'"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

async function security(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: true,
    hsts: options.secureCookies,
  });
  await app.register(fastifyCookie, {
    secret: Buffer.from(hkdfSync('sha256', options.secretKey, Buffer.alloc(0), 'openhotline cookie signing', 32)).toString('base64'),
  });
  await app.register(fastifyCsrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: options.secureCookies, signed: true },
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf,
  });
  // Every form field is one string: a repeated field keeps its first value, so no handler meets an array.
  await app.register(fastifyFormbody, { parser: firstValueOfEachField });
  // JSON and forms only: text/plain bodies would reach JSON routes as strings.
  app.removeContentTypeParser('text/plain');
  // Counters live in this process's memory only; nothing about a client is written anywhere.
  await app.register(fastifyRateLimit, { global: false });
}

const CSRF_ERROR_CODES = new Set(['FST_CSRF_MISSING_SECRET', 'FST_CSRF_INVALID_TOKEN']);

export function isCsrfError(error: { code?: string }): boolean {
  return CSRF_ERROR_CODES.has(error.code ?? '');
}

export default fp(security, { name: 'security' });
