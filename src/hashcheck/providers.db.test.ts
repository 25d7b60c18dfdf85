import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { HashServiceError } from '../hashlists/errors.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { addProvider, authenticate, disableProvider, listProviders, recordCheck } from './providers.js';

let database: DatabaseHandle;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe(`HashCheck providers on ${testEngine}`, () => {
  it('gives out a key once and keeps only its digest and a short hint', async () => {
    const { provider, apiKey } = await addProvider(database.db, { name: 'Keyed Hosting', rateLimitPerMinute: 600 });
    expect(apiKey).toMatch(/^ohk_[A-Za-z0-9_-]{43}$/);
    expect(provider).toMatchObject({ name: 'Keyed Hosting', keyHint: apiKey.slice(4, 12), active: true, hashesChecked: 0, matches: 0 });
    const row = await database.db.selectFrom('hashcheck_providers').selectAll().where('id', '=', provider.id).executeTakeFirstOrThrow();
    expect(Buffer.from(row.key_digest)).toEqual(createHash('sha256').update(apiKey).digest());
    expect(JSON.stringify(row)).not.toContain(apiKey.slice(12));
    expect(await authenticate(database.db, `bearer ${apiKey}`)).toMatchObject({ ok: true, provider: { id: provider.id } });
  });

  it('refuses a second provider of the same name and unusable limits', async () => {
    await addProvider(database.db, { name: 'Twice Hosting', rateLimitPerMinute: 1 });
    await expect(addProvider(database.db, { name: ' Twice Hosting ', rateLimitPerMinute: 1 })).rejects.toThrow(/exists already/);
    await expect(addProvider(database.db, { name: 'Zero Hosting', rateLimitPerMinute: 0 })).rejects.toThrow(HashServiceError);
    await expect(disableProvider(database.db, 'Nobody Hosting')).rejects.toThrow(/no provider is named/);
  });

  it('counts checks and matches and tells a disabled provider apart from an unknown key', async () => {
    const { provider, apiKey } = await addProvider(database.db, { name: 'Counted Hosting', rateLimitPerMinute: 5 });
    await recordCheck(database.db, provider.id, { checked: 1000, matched: [{ type: 'md5', value: 'a'.repeat(32), quality: null }] }, false);
    await recordCheck(database.db, provider.id, { checked: 5, matched: [] }, false);
    const listed = (await listProviders(database.db)).find((row) => row.id === provider.id);
    expect(listed).toMatchObject({ hashesChecked: 1005, matches: 1 });
    await disableProvider(database.db, 'Counted Hosting');
    expect(await authenticate(database.db, `Bearer ${apiKey}`)).toEqual({ ok: false, reason: 'disabled' });
    expect(await authenticate(database.db, undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(await authenticate(database.db, `Basic ${apiKey}`)).toEqual({ ok: false, reason: 'missing' });
  });
});
