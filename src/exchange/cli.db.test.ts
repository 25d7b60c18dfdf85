import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch-database.js';
import { testEngine } from '../test-support/database.js';
import { runCli } from '../test-support/server-process.js';
import { generateExchangeKey, identityDocument, KEY_FILE_NAME } from './identity.js';

let dataDir: string;
let scratch: ScratchDatabase | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openhotline-exchange-cli-'));
  scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, 'openhotline_exchange_cli') : undefined;
  env = { DATA_DIR: dataDir, HOTLINE_NAME: 'Hotline NL', HOTLINE_COUNTRY: 'NL', PUBLIC_BASE_URL: 'https://hotline.example.nl', ...(scratch ? { DATABASE_URL: scratch.url } : { DATABASE_URL: '' }) };
}, 60_000);

afterAll(async () => {
  await scratch?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`exchange and partner commands on ${testEngine}`, () => {
  it('prints the identity document, with the key pair made on first use and kept private', async () => {
    const first = await runCli(['exchange', 'identity'], env);
    expect(first.code).toBe(0);
    const document = JSON.parse(first.stdout);
    expect(document).toMatchObject({ name: 'Hotline NL', country: 'NL', baseUrl: 'https://hotline.example.nl', exchange: { endpoint: 'https://hotline.example.nl/api/v1/exchange/messages', messageTypes: ['report', 'status'] } });
    expect(document.keys).toEqual([{ id: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), algorithm: 'ed25519', publicKey: expect.stringContaining('BEGIN PUBLIC KEY') }]);
    expect(fs.statSync(path.join(dataDir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(JSON.parse((await runCli(['exchange', 'identity'], env)).stdout).keys).toEqual(document.keys);
  }, 120_000);

  it('adds a partner from its identity document, keeps two keys while it rotates, lists and disables it', async () => {
    const partner = { name: 'Hotline CZ', country: 'CZ', baseUrl: 'https://hotline.example.cz', contact: 'hotline@example.cz' };
    const [oldKey, newKey, newestKey] = [generateExchangeKey(), generateExchangeKey(), generateExchangeKey()];
    const file = path.join(dataDir, 'cz.json');
    fs.writeFileSync(file, JSON.stringify(identityDocument(partner, oldKey)));
    const added = await runCli(['partner', 'add', '--from-identity', file], env);
    expect(added).toMatchObject({ code: 0, stdout: `added "Hotline CZ" (CZ, keys ${oldKey.id})\n` });
    for (const key of [newKey, newestKey]) {
      expect((await runCli(['partner', 'add', '--name', 'Hotline CZ', '--country', 'CZ', '--url', partner.baseUrl, '--public-key', key.publicKeyPem], env)).code).toBe(0);
    }
    const list = await runCli(['partner', 'list'], env);
    expect(list.stdout).toContain('Hotline CZ');
    expect(list.stdout).toContain(newestKey.id);
    expect(list.stdout).toContain(newKey.id);
    expect(list.stdout).not.toContain(oldKey.id);
    expect(await runCli(['partner', 'disable', '--name', 'Hotline CZ'], env)).toMatchObject({ code: 0, stdout: 'disabled "Hotline CZ"\n' });
  }, 360_000);

  it('says what is wrong with a partner it cannot add', async () => {
    const result = await runCli(['partner', 'add', '--name', 'Hotline SK', '--country', 'SK', '--url', 'https://hotline.example.sk', '--public-key', 'not a key'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('partner add: the public key cannot be read');
  }, 120_000);
});
