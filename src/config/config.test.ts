import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('uses documented defaults on an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      hotlineCountry: 'NL',
      defaultLocale: 'en',
      rateLimitPerMinute: 20,
    });
  });

  it('accepts valid values', () => {
    const config = loadConfig({
      PORT: '8080',
      HOTLINE_COUNTRY: 'cz',
      DATABASE_URL: 'postgres://u:p@localhost:5432/db',
      PUBLIC_BASE_URL: 'https://hotline.example/',
      DEFAULT_LOCALE: 'cs',
      ENCRYPTION_KEY: 'a'.repeat(64),
      RATE_LIMIT_PER_MINUTE: '0',
    });
    expect(config.port).toBe(8080);
    expect(config.hotlineCountry).toBe('CZ');
    expect(config.publicBaseUrl).toBe('https://hotline.example');
    expect(config.encryptionKey).toHaveLength(32);
    expect(config.rateLimitPerMinute).toBe(0);
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        HOTLINE_COUNTRY: 'Netherlands',
        DATABASE_URL: 'mysql://x',
        PUBLIC_BASE_URL: 'not a url',
        DEFAULT_LOCALE: 'de',
        ENCRYPTION_KEY: 'short',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'HOTLINE_COUNTRY', 'DATABASE_URL', 'PUBLIC_BASE_URL', 'DEFAULT_LOCALE', 'ENCRYPTION_KEY']) {
      expect(problems).toContain(name);
    }
  });

  it('rejects UK, which is not an ISO 3166-1 code', () => {
    expect(() => loadConfig({ HOTLINE_COUNTRY: 'UK' })).toThrow(/GB/);
  });

  it('reads FETCH_ALLOW_CIDRS as a list of IPv4 and IPv6 networks, none by default', () => {
    expect(loadConfig({}).fetchAllowCidrs).toEqual([]);
    expect(loadConfig({ FETCH_ALLOW_CIDRS: '127.0.0.0/8, ::1/128,' }).fetchAllowCidrs).toEqual(['127.0.0.0/8', '::1/128']);
  });

  it('names every value of FETCH_ALLOW_CIDRS that is not a network', () => {
    expect(() => loadConfig({ FETCH_ALLOW_CIDRS: '127.0.0.0/8,127.0.0.1,10.0.0.0/33,localhost/8,0x7f.1/8' })).toThrow(
      /FETCH_ALLOW_CIDRS=.*127\.0\.0\.1, 10\.0\.0\.0\/33, localhost\/8, 0x7f\.1\/8: must be a comma-separated list of networks/,
    );
  });

  it('reads the RDAP settings: durations with a unit, 24h cache and 10s time-out by default', () => {
    expect(loadConfig({}).rdap).toEqual({ bootstrapDir: undefined, cacheTtlMs: 86_400_000, timeoutMs: 10_000 });
    const rdap = loadConfig({ RDAP_BOOTSTRAP_DIR: '/srv/rdap', RDAP_CACHE_TTL: '7d', RDAP_TIMEOUT: '500ms' }).rdap;
    expect(rdap).toEqual({ bootstrapDir: '/srv/rdap', cacheTtlMs: 604_800_000, timeoutMs: 500 });
    expect(() => loadConfig({ RDAP_CACHE_TTL: '24', RDAP_TIMEOUT: '10 s' })).toThrow(/RDAP_CACHE_TTL[\s\S]*RDAP_TIMEOUT/);
  });
});

describe('takedown settings', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({}).takedown).toMatchObject({
      noticeDeadlineMs: 86_400_000,
      noticeRegistrar: false,
      policeCategories: 'all',
      policeFirstCategories: [],
      policeHoldMs: 86_400_000,
      partnerCountries: [],
      autoAssessKnown: false,
      smtpUrl: undefined,
      batchWindowMs: 300_000,
      noticeDelayMs: 3_600_000,
      sendingHours: undefined,
      retryMaxMs: 600_000,
    });
  });

  it('reads durations with units, lists and sending hours', () => {
    const takedown = loadConfig({
      NOTICE_DELAY: '2s',
      NOTICE_BATCH_WINDOW: '500ms',
      NOTICE_RETRY_MAX: '30s',
      POLICE_HOLD: '7d',
      POLICE_CATEGORIES: 'csam,grooming',
      POLICE_FIRST_CATEGORIES: 'csam',
      PARTNER_COUNTRIES: 'de, be',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      NOTICE_SENDING_HOURS: 'Mon-Fri 09:00-17:00 Europe/Amsterdam',
    }).takedown;
    expect(takedown).toMatchObject({ noticeDelayMs: 2000, batchWindowMs: 500, retryMaxMs: 30_000, policeHoldMs: 604_800_000, policeCategories: ['csam', 'grooming'], policeFirstCategories: ['csam'], partnerCountries: ['DE', 'BE'], smtpUrl: 'smtp://127.0.0.1:2525' });
    expect(takedown.sendingHours?.timeZone).toBe('Europe/Amsterdam');
  });

  it('names every bad value', () => {
    const bad = { NOTICE_DELAY: '1', SMTP_URL: 'http://mail', NOTICE_SENDING_HOURS: 'always', PARTNER_COUNTRIES: 'UK', NOTICE_FROM: 'nobody' };
    const error = (() => {
      try {
        loadConfig(bad);
      } catch (thrown) {
        return thrown as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of Object.keys(bad)) expect(error!.problems.some((problem) => problem.startsWith(`${name}=`)), name).toBe(true);
  });
});

describe('ESCALATION_STEPS', () => {
  it('defaults to a reminder after a day, the registrar after three and the upstream network after a week', () => {
    expect(loadConfig({}).takedown.escalationSteps.map((step) => [step.target, step.afterMs / 3_600_000])).toEqual([
      ['reminder', 24],
      ['registrar', 72],
      ['upstream', 168],
    ]);
  });

  it('refuses steps it cannot read, saying how to write them', () => {
    expect(() => loadConfig({ ESCALATION_STEPS: 'registrar@3d,reminder@1d' })).toThrow(/ESCALATION_STEPS="registrar@3d,reminder@1d": "reminder@1d" must come later than the step before it \(e\.g\. reminder@24h/);
  });
});
