import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { roleHas, type Access } from '../domain/permissions.js';
import { userOfApiToken } from './api-tokens.js';
import { errorPage } from './staff-context.js';
import { loadSession, type Session, type SessionLimits } from './sessions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may reach the route. Every route must say; the server refuses to start otherwise. */
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route with the access it declared, for review and for the permission-matrix test. */
    routeAccess: { method: string; url: string; access: Access }[];
  }
  interface FastifyRequest {
    /** The signed-in staff member, once `identify` ran (by the guard on protected routes). */
    staff: Session | undefined;
  }
}

export const SESSION_COOKIE = 'ohsid';

export interface GuardOptions {
  db: Kysely<Database>;
  sessions: SessionLimits;
  /** Path prefixes of plugins that cannot declare access themselves and are public (the API docs). */
  publicPrefixes: readonly string[];
}

export class UndeclaredAccessError extends Error {}

async function guard(app: FastifyInstance, options: GuardOptions): Promise<void> {
  app.decorateRequest('staff', undefined);
  app.decorate('routeAccess', []);

  app.addHook('onRoute', (route) => {
    if (route.config?.access === undefined && options.publicPrefixes.some((prefix) => route.url.startsWith(prefix))) {
      route.config = { ...route.config, access: 'public' };
    }
    if (route.config?.access === undefined) {
      const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
      throw new UndeclaredAccessError(`route ${methods} ${route.url} declares no access`);
    }
    for (const method of [route.method].flat()) app.routeAccess.push({ method, url: route.url, access: route.config.access });
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    // A workbench address without a route still gets the workbench's frame on its not-found page.
    if (access === undefined && request.url.startsWith('/staff')) await identify(request, options);
    if (access === undefined || access === 'public' || access === 'provider') return;
    const session = await identify(request, options);
    if (!session) return refuse(request, reply, 401);
    if (session.stage !== 'full') return refuse(request, reply, 401);
    if (!roleHas(session.user.role, access)) return refuse(request, reply, 403);
  });
}

/** Finds who is calling: a bearer token (the API) or the session cookie (the workbench). */
export async function identify(request: FastifyRequest, options: GuardOptions): Promise<Session | undefined> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer) {
    const user = await userOfApiToken(options.db, bearer);
    request.staff = user && { user, stage: 'full' };
  } else {
    const cookie = request.cookies[SESSION_COOKIE];
    const unsigned = cookie ? request.unsignCookie(cookie) : undefined;
    request.staff = unsigned?.valid && unsigned.value ? await loadSession(options.db, unsigned.value, options.sessions) : undefined;
  }
  return request.staff;
}

/**
 * CSRF protection for workbench forms. A request carrying a bearer token is
 * not a browser acting on a cookie, so there is no forged request to stop.
 */
export function staffCsrf(app: FastifyInstance) {
  return (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    if (/^Bearer\s/i.test(request.headers.authorization ?? '')) return done();
    return app.csrfProtection(request, reply, done);
  };
}

function refuse(request: FastifyRequest, reply: FastifyReply, statusCode: 401 | 403): FastifyReply {
  if (request.url.startsWith('/api/')) {
    return statusCode === 401
      ? reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message: 'A valid bearer token is required.' })
      : reply.code(403).send({ error: 'forbidden', message: 'Your role does not allow this.' });
  }
  // After signing in, a page comes back; a form sent while signed out cannot, so the start page does.
  if (statusCode === 401) return reply.redirect(`/staff/login?next=${encodeURIComponent(request.method === 'GET' ? request.url : '/staff')}`, 303);
  return errorPage(request, reply, request.t('staff.forbidden.title'), request.t('staff.forbidden.body'), 403);
}

export default fp(guard, { name: 'guard', dependencies: ['security', 'i18n'] });
