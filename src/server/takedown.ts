import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Database } from '../db/schema.js';
import type { Category } from '../domain/categories.js';
import type { JobDefinition, Jobs } from '../jobs/queue.js';
import { noticeJobs, scheduleNoticesOn } from '../notices/jobs.js';
import type { SenderDeps } from '../notices/send.js';
import { createNoticeMailer } from '../notices/smtp.js';
import type { NoticeTiming } from '../notices/store.js';
import type { AddressPolicy } from '../outbound/address-policy.js';
import { SafeFetcher } from '../outbound/safe-fetch.js';
import { configuredRdapClient } from '../rdap/setup.js';
import { enqueueRoutingOn, routingJobs, type EnqueueRouting } from '../routing/jobs.js';
import { rerouteIfMoved } from '../routing/retrace.js';
import type { RoutingDeps } from '../routing/route-item.js';
import { traceHosts, type TraceDeps } from '../triage/triage.js';
import { assessKnownMaterial } from '../routing/auto-assess.js';
import { escalationJobs } from '../escalation/jobs.js';
import type { EscalationDeps } from '../escalation/sweep.js';
import { exchangeKeyOf, exchangeServices, type ExchangeServices } from '../exchange/index.js';
import type { ExchangeKey } from '../exchange/identity.js';

/** The key the provider pages' tokens are derived from, itself derived from the hotline's key. */
export function noticePageKey(secretKey: Buffer): Buffer {
  return createHmac('sha256', secretKey).update('openhotline notice pages').digest();
}

/** Where the links in notices point: PUBLIC_BASE_URL, else the address the server listens on. */
export function noticeLinkBase(config: Config): string {
  return config.publicBaseUrl ?? `http://${config.host}:${config.port}`;
}

export function noticeTiming(config: Config): NoticeTiming {
  const takedown = config.takedown;
  return {
    delayMs: takedown.noticeDelayMs,
    batchWindowMs: takedown.batchWindowMs,
    sendingHours: takedown.sendingHours,
    defaultDeadlineMs: takedown.noticeDeadlineMs,
    defaultLanguage: config.defaultLocale,
  };
}

/** Routing as configured, for the worker and for the pages where supervisors and officers act. */
export function routingDeps(config: Config, db: Kysely<Database>, extra: Pick<RoutingDeps, 'rdap' | 'scheduleNotices'> & { logger?: Logger }): RoutingDeps {
  const takedown = config.takedown;
  return {
    db,
    policy: {
      hotlineCountry: config.hotlineCountry,
      noticeRegistrar: takedown.noticeRegistrar,
      policeCategories: takedown.policeCategories,
      policeFirstCategories: takedown.policeFirstCategories,
      partnerCountries: takedown.partnerCountries,
      noticeForeignHosts: takedown.noticeForeignHosts,
    },
    timing: noticeTiming(config),
    policeHoldMs: takedown.policeHoldMs,
    ...extra,
  };
}

export interface TakedownServices {
  jobs: JobDefinition[];
  enqueueRouting: EnqueueRouting;
  routing: RoutingDeps;
  /** Assesses known material after triage, when AUTO_ASSESS_KNOWN is on. */
  afterTriage: ((itemId: string) => Promise<void>) | undefined;
  /** Messages with partner hotlines: their delivery jobs and the instance's key. */
  exchange: ExchangeServices;
  exchangeKey: () => Promise<ExchangeKey>;
  close(): Promise<void>;
}

/**
 * Everything that acts after "illegal", wired together: routing jobs, notice
 * jobs with the SMTP mailer (none without SMTP_URL: notices wait), RDAP through
 * the SSRF-safe fetcher with the configured policy.
 */
export function takedownServices(
  config: Config,
  context: { db: Kysely<Database>; trace: TraceDeps; policy: AddressPolicy; secretKey: Buffer; categories: readonly Category[]; jobs: () => Jobs; logger: Logger },
): TakedownServices {
  const { db, logger } = context;
  // RDAP answers are small; the same fetching rules as for reported content apply, and FETCH_ALLOW_CIDRS too.
  const rdapFetcher = new SafeFetcher({ limits: { maxBytes: 2_000_000, timeoutMs: config.rdap.timeoutMs, maxRedirects: 5 }, proxyUrl: config.capture.outboundProxy, policy: context.policy });
  const rdap = configuredRdapClient(config, db, rdapFetcher, logger);
  const scheduleNotices = scheduleNoticesOn(context.jobs);
  const routing = routingDeps(config, db, { rdap, scheduleNotices, logger });
  const enqueueRouting = enqueueRoutingOn(context.jobs);
  const mailer = config.takedown.smtpUrl ? createNoticeMailer(config.takedown.smtpUrl) : undefined;
  if (!mailer) logger.warn('SMTP_URL is not set: notices wait in the queue until it is');
  const sender: SenderDeps = {
    db,
    mailer,
    hotline: {
      name: config.takedown.hotlineName,
      email: config.takedown.noticeFrom,
      country: config.hotlineCountry,
      ...(config.takedown.hotlineAddress ? { address: config.takedown.hotlineAddress } : {}),
      ...(config.takedown.hotlineWebsite ? { website: config.takedown.hotlineWebsite } : {}),
    },
    publicBaseUrl: noticeLinkBase(config),
    pageKey: noticePageKey(context.secretKey),
    categories: context.categories,
    retryMaxMs: config.takedown.retryMaxMs,
    rerouteIfMoved: (itemIds) => rerouteIfMoved(routing, (itemsOn) => traceHosts(context.trace, itemsOn), itemIds),
    schedule: scheduleNotices,
    logger,
  };
  const escalation: EscalationDeps = {
    db,
    steps: config.takedown.escalationSteps,
    rdap,
    defaultLanguage: config.defaultLocale,
    defaultDeadlineMs: config.takedown.noticeDeadlineMs,
    sendingHours: config.takedown.sendingHours,
    schedule: scheduleNotices,
    logger,
  };
  const afterTriage = config.takedown.autoAssessKnown
    ? async (itemId: string) => {
        if (await assessKnownMaterial(db, itemId)) await enqueueRouting([itemId]);
      }
    : undefined;
  const exchangeKey = exchangeKeyOf(config, logger);
  const exchange = exchangeServices(config, db, exchangeKey, logger);
  return {
    jobs: [...routingJobs(routing, enqueueRouting, logger), ...noticeJobs(sender, logger), ...escalationJobs(escalation, logger), ...exchange.jobs],
    enqueueRouting,
    routing,
    afterTriage,
    exchange,
    exchangeKey,
    close: async () => {
      exchange.close();
      mailer?.close();
      await rdapFetcher.close();
    },
  };
}
