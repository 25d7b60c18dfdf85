import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Category } from '../domain/categories.js';
import { hashCheckRoutes, SECURITY_SCHEME as HASHCHECK_SECURITY_SCHEME } from '../hashcheck/routes.js';
import type { HashMatcher } from '../hashlists/matcher.js';
import { reportApiRoutes } from '../intake/api-routes.js';
import { publicRoutes } from '../intake/public-routes.js';
import { ReportWriter } from '../intake/reports.js';
import type { Cipher } from '../privacy/cipher.js';
import { auditRoutes } from '../audit/routes.js';
import { adminRoutes } from '../auth/admin-routes.js';
import guard from '../auth/guard.js';
import { authRoutes } from '../auth/routes.js';
import { setupRoutes } from '../auth/setup-routes.js';
import { reviewApiRoutes } from '../review/api-routes.js';
import { mediaRoutes } from '../review/media-routes.js';
import { reviewRoutes } from '../review/routes.js';
import { assetRoutes } from '../web/assets.js';
import { wellbeingRoutes } from '../wellbeing/routes.js';
import i18n from '../web/i18n-plugin.js';
import { registerErrorHandlers } from './errors.js';
import { healthRoutes } from './health.js';
import drain from './drain.js';
import { RequestLog } from './logging.js';
import formBodies from './form-bodies.js';
import { firstValueOfEachField } from './form-fields.js';
import { addLowerCaseKeyword } from './id-params.js';
import security from './security.js';
import storableText from './storable-text.js';
import { noticeLinkBase, noticePageKey, routingDeps } from './takedown.js';
import { noticePageRoutes } from '../notices/page-routes.js';
import { policeRoutes } from '../police/routes.js';
import { reportRoutes } from '../reports/routes.js';
import { providerRoutes } from '../providers/routes.js';
import { routingRoutes } from '../routing/routes.js';
import type { RoutingDeps } from '../routing/route-item.js';
import { exchangeRoutes, hotlineIdentity } from '../exchange/index.js';
import { generateExchangeKey, type ExchangeKey } from '../exchange/identity.js';
import { statsRoutes } from '../stats/routes.js';

export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  cipher: Cipher;
  /** Key material the cookie-signing secret is derived from. */
  secretKey: Buffer;
  categories: readonly Category[];
  /** The hash lists in memory, shared with the rest of the process. */
  matcher: HashMatcher;
  /** Starts triage of newly reported items; see IntakeDeps. */
  onItemsReported?: (itemIds: readonly string[]) => void;
  /** Routing after "illegal"; without it (e.g. in tests) decisions wait for the workers' sweeps. */
  takedown?: { routing?: RoutingDeps; onAssessedIllegal?: (itemId: string) => void; onRemovalConfirmed?: (itemIds: readonly string[]) => Promise<void> };
  /** The instance's exchange key; without it (e.g. in tests) a key in memory only. */
  exchangeKey?: () => Promise<ExchangeKey>;
  logger?: FastifyBaseLogger;
}

export const BODY_LIMIT_BYTES = 1_000_000;
const DOCS_PREFIX = '/api/docs';

export async function buildApp(context: AppContext): Promise<FastifyInstance> {
  const { config, categories } = context;
  const app = Fastify({
    ...(context.logger ? { loggerInstance: context.logger } : { logger: false }),
    logController: new RequestLog(),
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { querystringParser: firstValueOfEachField },
    trustProxy: config.trustProxy,
    ajv: { customOptions: { allErrors: true, coerceTypes: false, removeAdditional: false }, onCreate: addLowerCaseKeyword },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(drain);
  await app.register(security, {
    secretKey: context.secretKey,
    secureCookies: config.publicBaseUrl?.startsWith('https:') ?? false,
  });
  const secureCookies = config.publicBaseUrl?.startsWith('https:') ?? false;
  const db = context.database.db;
  const guardOptions = {
    db,
    sessions: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
    publicPrefixes: [DOCS_PREFIX],
  };
  await app.register(i18n, { defaultLocale: config.defaultLocale });
  await app.register(guard, guardOptions);
  await app.register(formBodies);
  await app.register(storableText);
  await registerOpenApi(app, config);
  registerErrorHandlers(app);

  const reportWriter = new ReportWriter(db);
  app.addHook('onClose', () => reportWriter.flush());
  const intake = {
    db,
    cipher: context.cipher,
    contactRetentionDays: config.contactRetentionDays,
    onItemsReported: context.onItemsReported,
    store: reportWriter.store,
  };
  await app.register(healthRoutes, { db: context.database.db });
  await app.register(assetRoutes);
  await app.register(publicRoutes, { intake, categories, rateLimitPerMinute: config.rateLimitPerMinute });
  await app.register(reportApiRoutes, {
    intake,
    categories,
    rateLimitPerMinute: config.rateLimitPerMinute,
    defaultLocale: config.defaultLocale,
  });
  await app.register(authRoutes, { ...guardOptions, cipher: context.cipher, secureCookies, loginAttemptsPerMinute: config.loginRateLimitPerMinute });
  await app.register(adminRoutes, { ...guardOptions, cipher: context.cipher });
  await app.register(setupRoutes, { db, attemptsPerMinute: config.loginRateLimitPerMinute });
  const routing = context.takedown?.routing ?? routingDeps(config, db, { rdap: undefined, scheduleNotices: async () => {} });
  const takedownView = { routing, smtpConfigured: config.takedown.smtpUrl !== undefined };
  const review = { db, cipher: context.cipher, categories, claimMinutes: config.claimMinutes, fourEyes: config.fourEyesOutcomes, onAssessedIllegal: context.takedown?.onAssessedIllegal, takedown: takedownView };
  await app.register(reviewRoutes, review);
  await app.register(reviewApiRoutes, review);
  await app.register(mediaRoutes, { db, cipher: context.cipher, categories });
  await app.register(auditRoutes, { db });
  await app.register(wellbeingRoutes, { db, cipher: context.cipher });
  const noticePage = { baseUrl: noticeLinkBase(config), pageKey: noticePageKey(context.secretKey) };
  await app.register(hashCheckRoutes, { db, matcher: context.matcher, logMatches: config.hashcheckLogMatches, noticePage });
  await app.register(providerRoutes, { db });
  await app.register(routingRoutes, takedownView);
  await app.register(policeRoutes, { db, cipher: context.cipher, sendingHours: config.takedown.sendingHours, scheduleNotices: routing.scheduleNotices });
  await app.register(noticePageRoutes, { db, pageKey: noticePageKey(context.secretKey), rateLimitPerMinute: config.rateLimitPerMinute, onRemovalConfirmed: context.takedown?.onRemovalConfirmed });
  const memoryKey = context.exchangeKey ? undefined : generateExchangeKey();
  await app.register(exchangeRoutes, {
    receive: { ...intake, categories, language: config.defaultLocale, clockSkewMs: config.exchange.clockSkewMs },
    identity: hotlineIdentity(config),
    key: context.exchangeKey ?? (async () => memoryKey!),
    rateLimitPerMinute: config.exchange.rateLimitPerMinute,
    bodyLimit: BODY_LIMIT_BYTES,
  });
  await app.register(reportRoutes, { db, reports: config.reports, hotlineName: config.takedown.hotlineName, categories });
  await app.register(statsRoutes, { db, categories, feed: config.statsFeed, rateLimitPerMinute: config.rateLimitPerMinute });
  return app;
}

async function registerOpenApi(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'OpenHotline API',
        version: '1',
        description: 'Report URLs to the hotline and check a report’s status by its receipt code.',
      },
      servers: config.publicBaseUrl ? [{ url: config.publicBaseUrl }] : [],
      tags: [
        { name: 'reports', description: 'Public reporting' },
        { name: 'items', description: 'Assessment, for staff with a bearer token' },
        { name: 'hashcheck', description: 'Hash checks for hosting providers, with a HashCheck API key' },
        { name: 'exchange', description: 'Signed messages between partner hotlines (RFC 9421, Ed25519)' },
        { name: 'stats', description: 'Statistics and provider performance, for staff with a bearer token' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          [HASHCHECK_SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', description: 'A HashCheck provider key (ohk_…)' },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: { validatorUrl: null, docExpansion: 'list', deepLinking: false },
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
}
