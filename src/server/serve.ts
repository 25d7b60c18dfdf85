import fs from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import { openMigratedDatabase } from '../db/migrated-database.js';
import type { Logger } from 'pino';
import { issueSetupToken } from '../auth/setup.js';
import { DEFAULT_CATEGORIES, parseCategoryList, type Category } from '../domain/categories.js';
import { HashMatcher } from '../hashlists/matcher.js';
import { Batcher } from '../jobs/batcher.js';
import { startJobs, type Jobs } from '../jobs/queue.js';
import { Cipher } from '../privacy/cipher.js';
import { loadEncryptionKey } from '../privacy/encryption-key.js';
import { privacyJobs } from '../privacy/jobs.js';
import { fetchPolicy } from '../outbound/fetch-policy.js';
import { SafeFetcher } from '../outbound/safe-fetch.js';
import { IpData } from '../trace/ip-data.js';
import { enqueueTriageOn, triageJobs } from '../triage/jobs.js';
import { statsJobs } from '../stats/jobs.js';
import { maintenanceJobs } from '../db/maintenance.js';
import { buildApp } from './app.js';
import { takedownServices } from './takedown.js';
import { monitorServices } from '../monitor/services.js';
import { createLogger } from './logging.js';

export type Role = 'web' | 'worker' | 'all';

export interface Running {
  app: FastifyInstance | undefined;
  logger: Logger;
  jobs: Jobs;
  database: DatabaseHandle;
  matcher: HashMatcher;
  /** Where the HTTP server listens (web roles only). */
  url: string | undefined;
  /** The one-time link that creates the first admin, while no staff account exists (web roles only). */
  setupUrl: string | undefined;
  stop(): Promise<void>;
}

/** Starts the hotline: database, migrations, jobs and (for web roles) the HTTP server. */
export async function serve(config: Config, role: Role = 'all'): Promise<Running> {
  const logger = createLogger(config.logLevel);
  const database = await openMigratedDatabase(config, logger);
  const key = await loadEncryptionKey(config.encryptionKey, config.dataDir);
  if (key.created) {
    logger.warn({ file: key.created }, 'created a new encryption key for personal data: back this file up, or set ENCRYPTION_KEY');
  }
  const cipher = new Cipher(key.key);
  const matcher = new HashMatcher(database.db, { onError: (error) => logger.error({ err: error }, 'hash list refresh failed') });
  logger.info(await matcher.start(), 'hash lists loaded');

  const policy = fetchPolicy(config.fetchAllowCidrs, logger);
  const fetcher = new SafeFetcher({
    limits: { maxBytes: config.capture.maxBytes, timeoutMs: config.capture.timeoutSeconds * 1000, maxRedirects: 5 },
    proxyUrl: config.capture.outboundProxy,
    policy,
  });
  let ipData: Promise<IpData> | undefined;
  const triage = {
    db: database.db,
    cipher,
    fetcher,
    matcher,
    maxMedia: config.capture.maxMedia,
    // Three slow files' worth: a page whose media hangs cannot hold a worker for many minutes.
    captureBudgetMs: config.capture.timeoutSeconds * 3000,
    ipData: () => (ipData ??= IpData.open(config.ipCountryDatabase)),
    afterTriage: undefined as ((itemId: string) => Promise<void>) | undefined,
  };
  const categories = await loadCategories(config);
  const takedown = takedownServices(config, { db: database.db, trace: triage, policy, secretKey: key.key, categories, jobs: () => jobs, logger });
  triage.afterTriage = takedown.afterTriage;
  const monitor = monitorServices(config.monitor, { triage, routing: takedown.routing, enqueueRouting: takedown.enqueueRouting, jobs: () => jobs, logger });
  await takedown.exchangeKey();
  // The sweep queues through the very queue it runs on, once that has started.
  const enqueueTriage = enqueueTriageOn(() => jobs);
  const jobs = await startJobs(database, [...privacyJobs({ db: database.db }, logger), ...triageJobs(triage, enqueueTriage, { retentionDays: config.capture.retentionDays, fetchTimeoutSeconds: config.capture.timeoutSeconds }, logger), ...takedown.jobs, ...monitor.jobs, ...statsJobs({ db: database.db }, logger), ...maintenanceJobs(database, logger)], {
    work: role !== 'web',
    onError: (error) => logger.error({ err: error }, 'job queue error'),
  });
  if (role !== 'web') takedown.exchange.watch(() => jobs);
  // Queued after the report committed, without holding up its receipt, many reports' items per statement.
  const triageBatches = new Batcher(enqueueTriage, { windowMs: 20, maxSize: 500 });
  const onItemsReported = (itemIds: readonly string[]) => {
    triageBatches.add(itemIds).catch((error: unknown) => logger.warn({ err: error }, 'could not queue triage; the sweep will'));
  };

  let app: FastifyInstance | undefined;
  if (role !== 'worker') {
    app = await buildApp({
      config,
      database,
      cipher,
      secretKey: key.key,
      categories,
      matcher,
      onItemsReported,
      exchangeKey: takedown.exchangeKey,
      takedown: {
        routing: takedown.routing,
        onAssessedIllegal: (itemId) => {
          takedown.enqueueRouting([itemId]).catch((error: unknown) => logger.warn({ err: error }, 'could not queue routing; the sweep will'));
        },
        onRemovalConfirmed: (itemIds) => monitor.checkSoon(itemIds).catch((error: unknown) => logger.warn({ err: error }, 'could not ask for a check; the next scheduled one will do')),
      },
      logger: logger.child({ component: 'http' }),
    });
    await app.listen({ port: config.port, host: config.host });
  }
  const url = app && listeningUrl(app);
  const setupToken = app ? await issueSetupToken(database.db) : undefined;
  const setupUrl = setupToken && `${config.publicBaseUrl ?? url}/setup/${setupToken}`;
  const stop = async () => {
    await app?.close();
    await triageBatches.flush();
    await matcher.stop();
    await jobs.stop();
    await takedown.close();
    await fetcher.close();
    await database.close();
  };
    logger.info({ engine: database.engine, role, url: url ?? 'no HTTP (worker)' }, 'OpenHotline is running');
  if (setupUrl) logger.warn({ setupUrl }, `no staff account exists yet: create the first admin at this one-time link: ${setupUrl}`);
  return { app, logger, jobs, database, matcher, url, setupUrl, stop };
}

export async function loadCategories(config: Config): Promise<readonly Category[]> {
  if (!config.categoriesFile) return DEFAULT_CATEGORIES;
  const result = parseCategoryList(JSON.parse(await fs.readFile(config.categoriesFile, 'utf8')));
  if ('problems' in result) throw new Error(`${config.categoriesFile}:\n  ${result.problems.join('\n  ')}`);
  return result.categories;
}

function listeningUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the HTTP server is not listening on a port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
