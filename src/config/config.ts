import path from 'node:path';
import { OUTCOMES, type Outcome } from '../domain/assessment.js';
import { parseSendingHours, type SendingHours } from '../domain/sending-hours.js';
import { DEFAULT_ESCALATION_STEPS, parseEscalationSteps, type EscalationStep } from '../domain/escalation.js';
import { parseDuration } from './duration.js';
import { parseCidr } from '../outbound/address-policy.js';

export const STATS_FEED_ACCESS = ['public', 'key', 'off'] as const;
export type StatsFeedAccess = (typeof STATS_FEED_ACCESS)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  hotlineCountry: string;
  publicBaseUrl: string | undefined;
  defaultLocale: Locale;
  encryptionKey: Buffer | undefined;
  rateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  contactRetentionDays: number;
  trustProxy: boolean;
  logLevel: string;
  categoriesFile: string | undefined;
  /** Keep the hashes HashCheck matched (never the unmatched ones); off by default. */
  hashcheckLogMatches: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  claimMinutes: number;
  fourEyesOutcomes: Outcome[];
  /** The provider-performance feed: open to all, behind STATS_FEED_KEY, or off. */
  statsFeed: { access: StatsFeedAccess; key: string | undefined };
  /** Fetching reported content for triage. */
  capture: CaptureConfig;
  /** A MaxMind-format country database to use instead of the bundled one. */
  ipCountryDatabase: string | undefined;
  /** Networks the fetcher may reach although they are not public (FETCH_ALLOW_CIDRS), for tests only. */
  fetchAllowCidrs: string[];
  /** Routing, police referral and notices after an item is assessed illegal. */
  takedown: TakedownConfig;
  /** Abuse contacts by RDAP. */
  rdap: RdapConfig;
  /** Re-checking acted-on items until their content is gone. */
  monitor: MonitorConfig;
  /** Signed messages with partner hotlines. */
  exchange: ExchangeConfig;
  /** The trusted-flagger annual report and the statistics exports. */
  reports: ReportsConfig;
}

export interface MonitorConfig {
  firstCheckMs: number;
  intervalMs: number;
  /** Consecutive misses that confirm removal, each at least missSpacingMs after the one before. */
  misses: number;
  missSpacingMs: number;
  /** How long a removed item is still checked for re-appearance before it is closed. */
  watchRemovedMs: number;
  /** Checks one worker process runs at a time. */
  concurrency: number;
}

export interface ExchangeConfig {
  /** The instance's Ed25519 key (PKCS#8 PEM); without it one is made in DATA_DIR. */
  privateKeyPem: string | undefined;
  /** How far a message's `created` may be from this server's clock; seen signatures are kept this long. */
  clockSkewMs: number;
  /** Longest wait between two attempts to deliver a message to a partner. */
  retryMaxMs: number;
  /** Messages per minute one partner key (or address) may send; 0 turns the limit off. */
  rateLimitPerMinute: number;
}

export interface ReportsConfig {
  /** The hotline's statement on its independence and processes; `{locale}` in the path picks a file per language. */
  statementFile: string | undefined;
  /** A TrueType font with Latin and Cyrillic letters for the PDF report. */
  pdfFont: string;
}

export interface TakedownConfig {
  /** Removal deadline a notice gives a provider that has none of its own. */
  noticeDeadlineMs: number;
  /** Send the domain's registrar a notice too, for content hosted in the hotline's country. */
  noticeRegistrar: boolean;
  /** Categories whose illegal items are referred to the police; 'all' by default. */
  policeCategories: string[] | 'all';
  /** Categories whose notices wait for the police (until released or policeHoldMs passes). */
  policeFirstCategories: string[];
  policeHoldMs: number;
  /** Countries with a partner hotline to forward to; elsewhere abroad goes to the police (INTERPOL). */
  partnerCountries: string[];
  /** Assess an item illegal on its own when every captured file is known material with a classification. */
  autoAssessKnown: boolean;
  smtpUrl: string | undefined;
  noticeFrom: string;
  hotlineName: string;
  hotlineAddress: string | undefined;
  hotlineWebsite: string | undefined;
  /** Items due for one recipient within this window share one message. */
  batchWindowMs: number;
  /** Time for a second look between the decision and the first notice. */
  noticeDelayMs: number;
  sendingHours: SendingHours | undefined;
  /** Longest wait between two attempts to send a notice. */
  retryMaxMs: number;
  /** Reminder and escalations while the content stays online (ESCALATION_STEPS). */
  escalationSteps: EscalationStep[];
  /** Where no partner hotline works, also send the foreign host's abuse contact a notice. */
  noticeForeignHosts: boolean;
}

export interface RdapConfig {
  /** A folder with IANA's four bootstrap files to use instead of the refreshed ones. */
  bootstrapDir: string | undefined;
  cacheTtlMs: number;
  timeoutMs: number;
}

export interface CaptureConfig {
  /** An HTTP proxy for every outbound fetch, so sites never see the hotline's address. */
  outboundProxy: string | undefined;
  timeoutSeconds: number;
  /** Largest page or file fetched. */
  maxBytes: number;
  /** Most images and videos captured from one page. */
  maxMedia: number;
  /** Days captured media of an item settled without needing evidence is kept. */
  retentionDays: number;
}

export const LOCALES = ['en', 'cs', 'nl', 'sv', 'ru', 'kk'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** Raised when the environment holds values the hotline cannot start with. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;
/** Parses one variable's text; throws InvalidValue to say what is wrong with it. */
type Reader<T> = (raw: string) => T;

class InvalidValue extends Error {}

function invalid(message: string): never {
  throw new InvalidValue(message);
}

class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  read<T>(name: string, fallback: T, parse: Reader<T>): T {
    const raw = this.env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    try {
      return parse(raw.trim());
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      this.problems.push(`${name}=${JSON.stringify(raw)}: ${error.message}`);
      return fallback;
    }
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
// ISO 3166-1 alpha-2 shape; the exception 'UK' is not an ISO code (GB is).
const COUNTRY_PATTERN = /^[A-Z]{2}$/;

const integerIn =
  (min: number, max: number): Reader<number> =>
  (raw) => {
    const value = Number(raw);
    return /^\d+$/.test(raw) && value >= min && value <= max
      ? value
      : invalid(`must be a whole number from ${min} to ${max}`);
  };

const oneOf =
  <T extends string>(allowed: readonly T[]): Reader<T> =>
  (raw) =>
    (allowed as readonly string[]).includes(raw)
      ? (raw as T)
      : invalid(`must be one of ${allowed.join(', ')}`);

const country: Reader<string> = (raw) => {
  const upper = raw.toUpperCase();
  if (!COUNTRY_PATTERN.test(upper) || upper === 'UK') {
    return invalid('must be an ISO 3166-1 alpha-2 country code such as NL, CZ or GB');
  }
  return upper;
};

function parseUrl(raw: string): URL | undefined {
  return URL.canParse(raw) ? new URL(raw) : undefined;
}

const postgresUrl: Reader<string> = (raw) => {
  const url = parseUrl(raw);
  return url && ['postgres:', 'postgresql:'].includes(url.protocol)
    ? raw
    : invalid('must be a postgres:// or postgresql:// URL');
};

const httpBaseUrl: Reader<string> = (raw) => {
  const url = parseUrl(raw);
  return url && ['http:', 'https:'].includes(url.protocol)
    ? url.toString().replace(/\/$/, '')
    : invalid('must be an absolute http:// or https:// URL such as https://hotline.example');
};

const encryptionKey: Reader<Buffer> = (raw) => {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  return key.length === 32
    ? key
    : invalid('must be 32 bytes, as 64 hexadecimal digits or base64 (openssl rand -base64 32)');
};

const listOf =
  <T extends string>(allowed: readonly T[]): Reader<T[]> =>
  (raw) => {
    if (raw === 'none') return [];
    const items = raw.split(',').map((item) => item.trim());
    const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
    return unknown.length === 0 ? (items as T[]) : invalid(`must be none or a comma-separated list of ${allowed.join(', ')}`);
  };

const duration =
  (max: string): Reader<number> =>
  (raw) => {
    const ms = parseDuration(raw);
    const limit = parseDuration(max)!;
    return ms !== undefined && ms <= limit ? ms : invalid(`must be a duration with a unit, such as 30s, 15m, 24h or 7d, at most ${max}`);
  };

const sendingHours: Reader<SendingHours> = (raw) => {
  const hours = parseSendingHours(raw);
  return typeof hours === 'string' ? invalid(hours) : hours;
};

const escalationSteps: Reader<EscalationStep[]> = (raw) => {
  const steps = parseEscalationSteps(raw);
  return typeof steps === 'string' ? invalid(`${steps} (e.g. ${DEFAULT_ESCALATION_STEPS}, or none)`) : steps;
};

const categoryIds = (raw: string): string[] =>
  raw === 'none' ? [] : raw.split(',').map((id) => (/^[a-z][a-z0-9_]{0,39}$/.test(id.trim()) ? id.trim() : invalid(`${JSON.stringify(id.trim())} is not a category id`)));

const countries = (raw: string): string[] => (raw === 'none' ? [] : raw.split(',').map((code) => country(code.trim())));

const emailAddress: Reader<string> = (raw) => (/^[^\s@<>]+@[^\s@<>]+$/.test(raw) ? raw : invalid('must be an e-mail address such as notices@hotline.example'));

const smtpUrl: Reader<string> = (raw) => {
  const url = parseUrl(raw);
  return url && ['smtp:', 'smtps:'].includes(url.protocol) ? raw : invalid('must be an smtp:// or smtps:// URL such as smtp://mail.internal:587');
};

const boolean: Reader<boolean> = (raw) => {
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  return invalid('must be true or false');
};

const cidrList: Reader<string[]> = (raw) => {
  const cidrs = raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
  const bad = cidrs.filter((cidr) => parseCidr(cidr) === undefined);
  return bad.length === 0 ? cidrs : invalid(`${bad.join(', ')}: must be a comma-separated list of networks such as 127.0.0.0/8 or ::1/128`);
};

// An environment variable often carries a PEM's line breaks as the two characters \n.
const privateKeyPem: Reader<string> = (raw) => {
  const pem = raw.replaceAll('\\n', '\n');
  return pem.includes('-----BEGIN PRIVATE KEY-----') ? pem : invalid('must be an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)');
};

/** Reads and validates the configuration; every bad value is reported at once. */
export function loadConfig(env: Env = process.env): Config {
  const reader = new EnvReader(env);
  const config: Config = {
    port: reader.read('PORT', 3000, integerIn(0, 65535)),
    host: reader.read('HOST', '127.0.0.1', (raw) => raw),
    dataDir: path.resolve(reader.read('DATA_DIR', './data', (raw) => raw)),
    databaseUrl: reader.read<string | undefined>('DATABASE_URL', undefined, postgresUrl),
    hotlineCountry: reader.read('HOTLINE_COUNTRY', 'NL', country),
    publicBaseUrl: reader.read<string | undefined>('PUBLIC_BASE_URL', undefined, httpBaseUrl),
    defaultLocale: reader.read<Locale>('DEFAULT_LOCALE', 'en', oneOf(LOCALES)),
    encryptionKey: reader.read<Buffer | undefined>('ENCRYPTION_KEY', undefined, encryptionKey),
    rateLimitPerMinute: reader.read('RATE_LIMIT_PER_MINUTE', 20, integerIn(0, 1_000_000)),
    loginRateLimitPerMinute: reader.read('LOGIN_RATE_LIMIT_PER_MINUTE', 10, integerIn(0, 10_000)),
    contactRetentionDays: reader.read('CONTACT_RETENTION_DAYS', 365, integerIn(1, 36_500)),
    trustProxy: reader.read('TRUST_PROXY', false, boolean),
    logLevel: reader.read('LOG_LEVEL', 'info', oneOf(LOG_LEVELS)),
    sessionIdleMinutes: reader.read('SESSION_IDLE_MINUTES', 30, integerIn(1, 1440)),
    sessionAbsoluteHours: reader.read('SESSION_ABSOLUTE_HOURS', 12, integerIn(1, 168)),
    claimMinutes: reader.read('CLAIM_MINUTES', 30, integerIn(1, 1440)),
    fourEyesOutcomes: reader.read<Outcome[]>('FOUR_EYES_OUTCOMES', ['not_illegal'], listOf(OUTCOMES)),
    statsFeed: {
      access: reader.read<StatsFeedAccess>('STATS_FEED', 'off', oneOf(STATS_FEED_ACCESS)),
      key: reader.read<string | undefined>('STATS_FEED_KEY', undefined, (raw) => (raw.length >= 16 ? raw : invalid('must be at least 16 characters long'))),
    },
    categoriesFile: reader.read<string | undefined>('CATEGORIES_FILE', undefined, (raw) => path.resolve(raw)),
    hashcheckLogMatches: reader.read('HASHCHECK_LOG_MATCHES', false, boolean),
    capture: {
      outboundProxy: reader.read<string | undefined>('OUTBOUND_PROXY', undefined, httpBaseUrl),
      timeoutSeconds: reader.read('FETCH_TIMEOUT_SECONDS', 20, integerIn(1, 300)),
      maxBytes: reader.read('CAPTURE_MAX_BYTES', 25_000_000, integerIn(10_000, 500_000_000)),
      maxMedia: reader.read('CAPTURE_MAX_MEDIA', 20, integerIn(0, 200)),
      retentionDays: reader.read('CAPTURE_RETENTION_DAYS', 30, integerIn(1, 36_500)),
    },
    ipCountryDatabase: reader.read<string | undefined>('IP_COUNTRY_DATABASE', undefined, (raw) => path.resolve(raw)),
    takedown: {
      noticeDeadlineMs: reader.read('NOTICE_DEADLINE', 86_400_000, duration('365d')),
      noticeRegistrar: reader.read('NOTICE_REGISTRAR', false, boolean),
      policeCategories: reader.read<string[] | 'all'>('POLICE_CATEGORIES', 'all', (raw) => (raw === 'all' ? 'all' : categoryIds(raw))),
      policeFirstCategories: reader.read('POLICE_FIRST_CATEGORIES', [], categoryIds),
      policeHoldMs: reader.read('POLICE_HOLD', 86_400_000, duration('30d')),
      partnerCountries: reader.read('PARTNER_COUNTRIES', [], countries),
      autoAssessKnown: reader.read('AUTO_ASSESS_KNOWN', false, boolean),
      smtpUrl: reader.read<string | undefined>('SMTP_URL', undefined, smtpUrl),
      noticeFrom: reader.read('NOTICE_FROM', 'notices@hotline.invalid', emailAddress),
      hotlineName: reader.read('HOTLINE_NAME', 'OpenHotline', (raw) => raw),
      hotlineAddress: reader.read<string | undefined>('HOTLINE_ADDRESS', undefined, (raw) => raw),
      hotlineWebsite: reader.read<string | undefined>('HOTLINE_WEBSITE', undefined, httpBaseUrl),
      batchWindowMs: reader.read('NOTICE_BATCH_WINDOW', 300_000, duration('1d')),
      noticeDelayMs: reader.read('NOTICE_DELAY', 3_600_000, duration('7d')),
      sendingHours: reader.read<SendingHours | undefined>('NOTICE_SENDING_HOURS', undefined, sendingHours),
      retryMaxMs: reader.read('NOTICE_RETRY_MAX', 600_000, duration('1d')),
      escalationSteps: reader.read('ESCALATION_STEPS', escalationSteps(DEFAULT_ESCALATION_STEPS), escalationSteps),
      noticeForeignHosts: reader.read('NOTICE_FOREIGN_HOSTS', false, boolean),
    },
    fetchAllowCidrs: reader.read('FETCH_ALLOW_CIDRS', [], cidrList),
    rdap: {
      bootstrapDir: reader.read<string | undefined>('RDAP_BOOTSTRAP_DIR', undefined, (raw) => path.resolve(raw)),
      cacheTtlMs: reader.read('RDAP_CACHE_TTL', 86_400_000, duration('365d')),
      timeoutMs: reader.read('RDAP_TIMEOUT', 10_000, duration('5m')),
    },
    monitor: {
      firstCheckMs: reader.read('MONITOR_FIRST_CHECK', 3_600_000, duration('30d')),
      intervalMs: reader.read('MONITOR_INTERVAL', 3_600_000, duration('30d')),
      misses: reader.read('MONITOR_MISSES', 3, integerIn(1, 100)),
      missSpacingMs: reader.read('MONITOR_MISS_SPACING', 600_000, duration('7d')),
      watchRemovedMs: reader.read('MONITOR_WATCH_REMOVED', 7 * 86_400_000, duration('365d')),
      concurrency: reader.read('MONITOR_CONCURRENCY', 64, integerIn(1, 1000)),
    },
    exchange: {
      privateKeyPem: reader.read<string | undefined>('EXCHANGE_PRIVATE_KEY', undefined, privateKeyPem),
      clockSkewMs: reader.read('EXCHANGE_CLOCK_SKEW', 300_000, duration('1h')),
      retryMaxMs: reader.read('EXCHANGE_RETRY_MAX', 600_000, duration('1d')),
      rateLimitPerMinute: reader.read('EXCHANGE_RATE_LIMIT_PER_MINUTE', 60_000, integerIn(0, 10_000_000)),
    },
    reports: {
      statementFile: reader.read<string | undefined>('HOTLINE_STATEMENT_FILE', undefined, (raw) => path.resolve(raw)),
      pdfFont: reader.read('REPORT_PDF_FONT', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', (raw) => path.resolve(raw)),
    },
  };
  if (config.statsFeed.access === 'key' && config.statsFeed.key === undefined) reader.problems.push('STATS_FEED=key needs STATS_FEED_KEY, the key feed readers send');
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return config;
}
