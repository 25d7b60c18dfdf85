import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Locale } from '../config/config.js';
import { chooseLocale, translator, type Translate } from './i18n/index.js';
import type { PageContext } from './layout.js';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
  }
}

const LANGUAGE_COOKIE = 'lang';
const ONE_YEAR_SECONDS = 31_536_000;

/** Gives every request its reader's language: ?lang= (remembered in a cookie), the cookie, Accept-Language, the default. */
async function i18n(app: FastifyInstance, options: { defaultLocale: Locale }): Promise<void> {
  app.decorateRequest('locale', 'en');
  app.decorateRequest('t', null as unknown as Translate);
  app.addHook('onRequest', async (request, reply) => {
    const chosen = (request.query as Record<string, string | undefined> | undefined)?.lang;
    const locale = chooseLocale(chosen ?? request.cookies[LANGUAGE_COOKIE], request.headers['accept-language'], options.defaultLocale);
    if (chosen === locale) {
      reply.setCookie(LANGUAGE_COOKIE, locale, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: ONE_YEAR_SECONDS });
    }
    request.locale = locale;
    request.t = translator(locale);
  });
}

export function pageContext(request: FastifyRequest): PageContext {
  return { locale: request.locale, t: request.t, path: request.url.split('?', 1)[0]! };
}

/** Sends a server-rendered page: never cached, since it may hold a receipt or what the reader typed. */
export function sendPage(reply: FastifyReply, page: string, statusCode = 200): FastifyReply {
  return reply.code(statusCode).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
}

export default fp(i18n, { name: 'i18n', dependencies: ['security'] });
