import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Database } from '../db/schema.js';
import { SafeFetcher } from '../outbound/safe-fetch.js';
import { RdapClient } from './client.js';

// RDAP answers are small; a registry's largest entity lists stay well under this.
const MAX_ANSWER_BYTES = 2_000_000;

/** The fetcher RDAP goes through: SSRF-safe, the configured time-out, the outbound proxy when one is set. */
export function rdapFetcher(config: Config): SafeFetcher {
  return new SafeFetcher({
    limits: { maxBytes: MAX_ANSWER_BYTES, timeoutMs: config.rdap.timeoutMs, maxRedirects: 5 },
    proxyUrl: config.capture.outboundProxy,
  });
}

/** The RDAP client as configured: RDAP_BOOTSTRAP_DIR when set, else the refreshed files in DATA_DIR. */
export function configuredRdapClient(config: Config, db: Kysely<Database>, fetcher: SafeFetcher, logger?: Logger): RdapClient {
  return new RdapClient({
    db,
    fetcher,
    ...(config.rdap.bootstrapDir !== undefined ? { bootstrapDir: config.rdap.bootstrapDir } : { dataDir: config.dataDir }),
    cacheTtlMs: config.rdap.cacheTtlMs,
    ...(logger && { logger }),
  });
}
