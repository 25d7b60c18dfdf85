import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import { DEFAULT_CATEGORIES } from '../domain/categories.js';
import { HashMatcher } from '../hashlists/matcher.js';
import { Cipher } from '../privacy/cipher.js';
import { buildApp, type AppContext } from '../server/app.js';
import { openTestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  cipher: Cipher;
  /** The key cookies, sealed data and notice pages' tokens derive from. */
  secretKey: Buffer;
  /** Loaded once and not polling: call refresh() after changing hash lists. */
  matcher: HashMatcher;
  close(): Promise<void>;
}

/** The whole application on a fresh test database (or the one given, migrated), for requests through `app.inject`. */
export async function openTestApp(env: Record<string, string> = {}, logger?: FastifyBaseLogger, takedown?: AppContext['takedown'], given?: DatabaseHandle): Promise<TestApp> {
  const config: Config = loadConfig({ RATE_LIMIT_PER_MINUTE: '0', LOGIN_RATE_LIMIT_PER_MINUTE: '0', ...env });
  const database = given ?? (await openTestDatabase());
  const key = randomBytes(32);
  const cipher = new Cipher(key);
  const matcher = new HashMatcher(database.db);
  await matcher.load();
  const app = await buildApp({ config, database, cipher, secretKey: key, categories: DEFAULT_CATEGORIES, matcher, ...(logger ? { logger } : {}), ...(takedown ? { takedown } : {}) });
  await app.ready();
  return {
    app,
    database,
    cipher,
    secretKey: key,
    matcher,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** Opens the report form like a browser: returns the CSRF token and the cookie that goes with it. */
export async function openReportForm(app: FastifyInstance, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: 'GET', url: '/report', headers });
  const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  if (!token) throw new Error('the report form has no CSRF token');
  return { token, cookie };
}

/** A POST of these fields as an HTML form sends them, for `app.inject`. */
export function formPost(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return {
    method: 'POST' as const,
    url,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  };
}
