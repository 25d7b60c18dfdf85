import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Database } from '../db/schema.js';
import type { JobDefinition, Jobs } from '../jobs/queue.js';
import type { Html } from '../web/html.js';
import type { Translate } from '../web/i18n/index.js';
import { loadExchangeKey, type ExchangeKey, type HotlineIdentity } from './identity.js';
import { exchangeJobs, watchOutbox } from './jobs.js';
import { partnerReportsSection } from './pages.js';
import { partnerReportsOfItem } from './partners.js';

export { exchangeRoutes } from './routes.js';

/** Time one partner has to answer a message. */
const DELIVERY_TIMEOUT_MS = 30_000;

/** The instance's key, loaded (or made, the first time) once. */
export function exchangeKeyOf(config: Config, logger?: Logger): () => Promise<ExchangeKey> {
  let key: Promise<ExchangeKey> | undefined;
  const load = async () => {
    const loaded = await loadExchangeKey(config.exchange.privateKeyPem, config.dataDir);
    if (loaded.created) logger?.warn({ file: loaded.created }, 'created the exchange key pair partners know this hotline by: back this file up, or set EXCHANGE_PRIVATE_KEY');
    return loaded;
  };
  return () => (key ??= load());
}

/** Who this hotline is, as its identity document tells partners. */
export function hotlineIdentity(config: Config): HotlineIdentity {
  return {
    name: config.takedown.hotlineName,
    country: config.hotlineCountry,
    baseUrl: config.publicBaseUrl ?? `http://${config.host}:${config.port}`,
    contact: config.takedown.noticeFrom,
  };
}

export interface ExchangeServices {
  jobs: JobDefinition[];
  /** Starts queueing deliveries of the outbox, on processes that work jobs. */
  watch(jobs: () => Pick<Jobs, 'sendKeyed'>): void;
  close(): void;
}

export function exchangeServices(config: Config, db: Kysely<Database>, key: () => Promise<ExchangeKey>, logger: Logger): ExchangeServices {
  const deliveries = { db, key, retryMaxMs: config.exchange.retryMaxMs, timeoutMs: DELIVERY_TIMEOUT_MS, logger, clockSkewMs: config.exchange.clockSkewMs };
  let watcher: { stop(): void } | undefined;
  return {
    jobs: exchangeJobs(deliveries, logger),
    watch: (jobs) => {
      watcher ??= watchOutbox(db, jobs, logger);
    },
    close: () => watcher?.stop(),
  };
}

/** The item page's section on what partner hotlines reported, their classification shown as theirs. */
export async function itemPartnerSection(db: Kysely<Database>, t: Translate, itemId: string): Promise<Html | string> {
  return partnerReportsSection(t, await partnerReportsOfItem(db, itemId));
}
