import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { MIGRATIONS, migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import type { ProviderEntry } from '../domain/providers.js';
import { addProvider, authenticate, listProviders } from '../hashcheck/providers.js';
import { providerEntry } from '../test-support/providers.js';
import { openEmptyTestDatabase, openTestDatabase, testEngine } from '../test-support/database.js';
import { addDirectoryProvider, directoryCandidates, providerByName, ProviderInputError, updateDirectoryProvider } from './directory.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const entry = (overrides: Partial<ProviderEntry>): ProviderEntry => providerEntry({ deadlineMs: 86_400_000, ...overrides });

describe(`provider directory on ${testEngine}`, () => {
  it('stores an entry cleaned up: canonical ranges, lower-case domains, nothing twice', async () => {
    const added = await addDirectoryProvider(database.db, entry({ name: ' Clean Hosting ', country: 'nl', cidrs: ['192.0.2.77/24', '192.0.2.0/24'], domains: ['Platform.Example.'], asns: [64500, 64500] }));
    expect(added).toMatchObject({ name: 'Clean Hosting', country: 'NL', cidrs: ['192.0.2.0/24'], domains: ['platform.example'], asns: [64500], deadlineMs: 86_400_000 });
  });

  it('refuses a bad entry, saying what is wrong, and a second entry of one name', async () => {
    const bad = addDirectoryProvider(database.db, entry({ name: 'Bad', cidrs: ['300.1.2.3/8'], abuseEmails: ['nobody'], country: 'UK' }));
    await expect(bad).rejects.toThrow(ProviderInputError);
    await expect(bad).rejects.toThrow(/300\.1\.2\.3\/8.*not a CIDR|country/);
    await addDirectoryProvider(database.db, entry({ name: 'Once' }));
    await expect(addDirectoryProvider(database.db, entry({ name: 'Once' }))).rejects.toThrow(/exists already/);
  });

  it('changes only what an update gives', async () => {
    await addDirectoryProvider(database.db, entry({ name: 'Changing' }));
    const updated = await updateDirectoryProvider(database.db, 'Changing', { abuseEmails: ['new@host.example'], dsa: true });
    expect(updated).toMatchObject({ cidrs: ['203.0.113.0/24'], abuseEmails: ['new@host.example'], dsa: true, language: 'nl' });
    await expect(updateDirectoryProvider(database.db, 'Nobody', { dsa: true })).rejects.toThrow(/no provider is named/);
  });

  it('finds the entries that may hold a traced address, AS number or host', async () => {
    await addDirectoryProvider(database.db, entry({ name: 'Range', cidrs: ['198.51.100.0/24', '2001:db8:1::/48'] }));
    await addDirectoryProvider(database.db, entry({ name: 'Transit', cidrs: [], asns: [4_200_000_000] }));
    await addDirectoryProvider(database.db, entry({ name: 'Platform', kind: 'platform', cidrs: [], domains: ['platform.example'], dsa: true }));
    const names = async (host: string, addresses: string[], asns: number[] = []) => (await directoryCandidates(database.db, [host], addresses, asns)).map((p) => p.name).sort();
    expect(await names('site.example', ['198.51.100.9'])).toEqual(['Range']);
    expect(await names('site.example', ['::ffff:198.51.100.9'])).toEqual(['Range']);
    expect(await names('site.example', ['2001:db8:1::5'])).toEqual(['Range']);
    expect(await names('site.example', ['192.0.2.200'], [4_200_000_000])).toEqual(['Clean Hosting', 'Transit']);
    expect(await names('img.platform.example', ['10.0.0.1'])).toEqual(['Clean Hosting', 'Platform']);
    expect(await names('otherplatform.example', ['10.0.0.1'])).toEqual([]);
  });
});

describe(`HashCheck accounts as a property of a provider on ${testEngine}`, () => {
  it('gives a directory entry a key, and adds a bare entry for a new name', async () => {
    await addDirectoryProvider(database.db, entry({ name: 'Keyed' }));
    const { provider, apiKey } = await addProvider(database.db, { name: 'Keyed', rateLimitPerMinute: 60 });
    expect(provider.providerId).toBe((await providerByName(database.db, 'Keyed'))!.id);
    expect(await authenticate(database.db, `Bearer ${apiKey}`)).toMatchObject({ ok: true, provider: { name: 'Keyed' } });
    await addProvider(database.db, { name: 'Only HashCheck', rateLimitPerMinute: 60 });
    expect(await providerByName(database.db, 'Only HashCheck')).toMatchObject({ kind: 'hosting', country: null, abuseEmails: [] });
  });

  it('moves the accounts that existed before the directory into it, keys and counters intact', async () => {
    const old = await openEmptyTestDatabase();
    try {
      const db = old.db as Kysely<unknown>;
      const provider = { getMigrations: async () => Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0009')) };
      const { error } = await new Migrator({ db, provider }).migrateToLatest();
      expect(error).toBeUndefined();
      await sql`INSERT INTO hashcheck_providers (name, key_hint, key_digest, rate_limit_per_minute, hashes_checked, matches)
                VALUES ('Early Hosting', 'abcdefgh', '\\x01'::bytea, 120, 42, 3)`.execute(db);
      await migrateToLatest(old.db as Kysely<Database>);
      const [account] = await listProviders(old.db as Kysely<Database>);
      expect(account).toMatchObject({ name: 'Early Hosting', keyHint: 'abcdefgh', rateLimitPerMinute: 120, hashesChecked: 42, matches: 3 });
      expect(await providerByName(old.db as Kysely<Database>, 'Early Hosting')).toMatchObject({ id: account!.providerId, kind: 'hosting' });
    } finally {
      await old.close();
    }
  }, 120_000);
});
