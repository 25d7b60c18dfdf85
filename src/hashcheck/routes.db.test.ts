import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashImageBuffer } from '../hashing/index.js';
import { insertEntries, createList, type NewHashList } from '../hashlists/lists.js';
import { loggerOptions } from '../server/logging.js';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { addProvider, disableProvider } from './providers.js';
import { HASHCHECK_BODY_LIMIT_BYTES, MAX_IMAGE_UPLOAD_BYTES, MAX_HASHES_PER_REQUEST } from './routes.js';

const BRIDGE = '/work/shared/testdata/pdq/bridge-mods';
/** PDQ of blur-a-little.jpg, from the reference's expected.csv. */
const BLURRED_BRIDGE_PDQ = 'f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22';
const LISTED_MD5 = 'a'.repeat(32);
const LISTED_SHA256 = 'b'.repeat(64);

let testApp: TestApp;
let logText = '';
let key: string;
let generatedImage: Buffer;

const listInput = (name: string, overrides: Partial<NewHashList> = {}): NewHashList => ({
  name,
  source: 'police',
  category: 'csam',
  classification: 'baseline',
  useForTriage: true,
  offerToHashcheck: true,
  ...overrides,
});

function collectingLogger() {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logText += chunk.toString();
      done();
    },
  });
  return pino(loggerOptions('debug'), sink);
}

async function newKey(name: string, rateLimitPerMinute = 1000): Promise<string> {
  return (await addProvider(testApp.database.db, { name, rateLimitPerMinute })).apiKey;
}

const check = (body: unknown, apiKey: string | null = key) =>
  testApp.app.inject({
    method: 'POST',
    url: '/api/v1/hashcheck',
    payload: body as object,
    headers: apiKey === null ? {} : { authorization: `Bearer ${apiKey}` },
  });

function multipart(field: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----openhotline-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="upload.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const upload = (content: Buffer, field = 'image', apiKey = key) => {
  const { payload, headers } = multipart(field, content);
  return testApp.app.inject({ method: 'POST', url: '/api/v1/hashcheck/image', payload, headers: { ...headers, authorization: `Bearer ${apiKey}` } });
};

async function counters(name: string) {
  return testApp.database.db
    .selectFrom('hashcheck_providers')
    .innerJoin('providers', 'providers.id', 'hashcheck_providers.provider_id')
    .select(['hashes_checked as hashesChecked', 'matches'])
    .where('providers.name', '=', name)
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  testApp = await openTestApp({}, collectingLogger());
  const db = testApp.database.db;
  const police = await createList(db, listInput('hashcheck-police'));
  const national = await createList(db, listInput('hashcheck-national', { classification: 'national', source: 'partner_hotline' }));
  const internal = await createList(db, listInput('hashcheck-internal', { offerToHashcheck: false, category: 'grooming' }));
  generatedImage = await sharp(Buffer.from(Array.from({ length: 64 * 48 * 3 }, (_, i) => (i * 7919) % 251)), {
    raw: { width: 64, height: 48, channels: 3 },
  })
    .resize(320, 240)
    .png()
    .toBuffer();
  const generated = await hashImageBuffer(generatedImage);
  await insertEntries(db, police.id, [
    { type: 'md5', value: LISTED_MD5, quality: null },
    { type: 'pdq', value: BLURRED_BRIDGE_PDQ, quality: 100 },
    { type: 'sha256', value: generated.sha256, quality: null },
  ]);
  await insertEntries(db, national.id, [{ type: 'sha256', value: LISTED_SHA256, quality: null }]);
  await insertEntries(db, internal.id, [{ type: 'md5', value: LISTED_MD5, quality: null }]);
  await testApp.matcher.refresh();
  key = await newKey('Hosting One');
});
afterAll(() => testApp.close());

describe(`HashCheck API on ${testEngine}`, () => {
  it('answers which hashes are listed, with category and classification only, and counts them', async () => {
    const response = await check({
      hashes: [
        { type: 'sha1', value: 'c'.repeat(40) },
        { type: 'md5', value: LISTED_MD5.toUpperCase() },
        { type: 'sha256', value: LISTED_SHA256 },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      checked: 3,
      matches: [
        { index: 1, type: 'md5', category: 'csam', classification: 'baseline' },
        { index: 2, type: 'sha256', category: 'csam', classification: 'national' },
      ],
    });
    expect(await counters('Hosting One')).toEqual({ hashesChecked: 3, matches: 2 });
    const recorded = await testApp.database.db.selectFrom('hashcheck_matched_hashes').selectAll().execute();
    expect(recorded).toEqual([]);
  });

  it('matches PDQ within 31 bits, not 32, and not below quality 50', async () => {
    const lastWord = Number.parseInt(BLURRED_BRIDGE_PDQ.slice(56), 16);
    const flipped = (bits: number) => BLURRED_BRIDGE_PDQ.slice(0, 56) + ((lastWord ^ (2 ** bits - 1)) >>> 0).toString(16).padStart(8, '0');
    const response = await check({
      hashes: [
        { type: 'pdq', value: flipped(31) },
        { type: 'pdq', value: flipped(32) },
        { type: 'pdq', value: BLURRED_BRIDGE_PDQ, quality: 49 },
      ],
    });
    expect(response.json().matches).toEqual([{ index: 0, type: 'pdq', distance: 31, category: 'csam', classification: 'baseline' }]);
  });

  it('takes 10 000 hashes in one request', async () => {
    const hashes = Array.from({ length: MAX_HASHES_PER_REQUEST }, (_, i) => ({ type: 'sha256', value: i.toString(16).padStart(64, '0') }));
    hashes[9_999] = { type: 'sha256', value: LISTED_SHA256 };
    const response = await check({ hashes });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ checked: 10_000, matches: [{ index: 9_999 }] });
  });

  it('refuses a missing, malformed or unknown key with 401, and a disabled provider with 403', async () => {
    const body = { hashes: [{ type: 'md5', value: LISTED_MD5 }] };
    const missing = await check(body, null);
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.json()).toEqual({ error: 'unauthorized', message: 'Send your API key as "Authorization: Bearer <key>".' });
    expect((await check(body, 'not-a-key')).statusCode).toBe(401);
    expect((await check(body, `${key.slice(0, -2)}AA`)).json()).toEqual({ error: 'unauthorized', message: 'The API key is not valid.' });

    const retiredKey = await newKey('Retired Hosting');
    await disableProvider(testApp.database.db, 'Retired Hosting');
    const disabled = await check(body, retiredKey);
    expect(disabled.statusCode).toBe(403);
    expect(disabled.json().error).toBe('forbidden');
  });

  it('names bad hashes by their position', async () => {
    const response = await check({
      hashes: [
        { type: 'md5', value: LISTED_MD5 },
        { type: 'md5', value: 'b'.repeat(64) },
        { type: 'sha1', value: LISTED_MD5, quality: 80 },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'validation',
      message: 'Some hashes are not valid; see errors.',
      errors: [
        { field: 'hashes[1].value', code: 'hash.length', message: 'a hash of type md5 is 32 hexadecimal digits' },
        { field: 'hashes[2].value', code: 'hash.length', message: 'a hash of type sha1 is 40 hexadecimal digits' },
        { field: 'hashes[2].quality', code: 'hash.quality', message: 'quality applies to PDQ hashes only' },
      ],
    });
    const schema = await check({ hashes: [{ type: 'crc32', value: LISTED_MD5 }, { type: 'md5', value: 'x'.repeat(32) }], extra: 1 });
    expect(schema.statusCode).toBe(400);
    expect(schema.json().errors.map((error: { field: string }) => error.field).sort()).toEqual(['extra', 'hashes[0].type', 'hashes[1].value']);
    expect((await check({ hashes: [] })).statusCode).toBe(400);
    const tooMany = Array.from({ length: MAX_HASHES_PER_REQUEST + 1 }, () => ({ type: 'md5', value: LISTED_MD5 }));
    expect((await check({ hashes: tooMany })).json().errors).toEqual([{ field: 'hashes', code: 'schema.maxItems', message: 'must NOT have more than 10000 items' }]);
  });

  it('refuses a body over its limit with 413', async () => {
    const padded = { hashes: [{ type: 'md5', value: LISTED_MD5 }], padding: 'x'.repeat(HASHCHECK_BODY_LIMIT_BYTES) };
    const response = await check(padded);
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toBe('body_too_large');
  });

  it('limits each key to its requests per minute, apart from other keys', async () => {
    const limitedKey = await newKey('Small Hosting', 2);
    const body = { hashes: [{ type: 'md5', value: LISTED_MD5 }] };
    expect((await check(body, limitedKey)).statusCode).toBe(200);
    expect((await check(body, limitedKey)).statusCode).toBe(200);
    const limited = await check(body, limitedKey);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toBe('rate_limited');
    expect((await check(body)).statusCode).toBe(200);
  });

  it('hashes an uploaded image in memory and checks all its hashes', async () => {
    const response = await upload(generatedImage);
    expect(response.statusCode).toBe(200);
    const own = await hashImageBuffer(generatedImage);
    expect(response.json()).toEqual({
      checked: 4,
      matches: [{ index: 2, type: 'sha256', category: 'csam', classification: 'baseline' }],
      hashes: [
        { type: 'md5', value: own.md5 },
        { type: 'sha1', value: own.sha1 },
        { type: 'sha256', value: own.sha256 },
        { type: 'pdq', value: own.pdq },
      ],
      quality: own.quality,
      pdqMatchable: true,
    });
  });

  it('finds an image whose slightly blurred copy is listed, by PDQ', async () => {
    const response = await upload(await readFile(`${BRIDGE}/aaa-orig.jpg`));
    expect(response.statusCode).toBe(200);
    const [match] = response.json().matches;
    expect(match).toMatchObject({ index: 3, type: 'pdq', category: 'csam', classification: 'baseline' });
    expect(match.distance).toBeGreaterThan(0);
    expect(match.distance).toBeLessThanOrEqual(31);
  });

  it('says so when the upload is not an image, is too large, or is not multipart', async () => {
    const text = await upload(Buffer.from('just some text, not an image'));
    expect(text.statusCode).toBe(400);
    expect(text.json()).toMatchObject({ error: 'not_an_image', message: expect.stringMatching(/^The upload is not an image this service can decode/) });

    const wrongField = await upload(generatedImage, 'file');
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().error).toBe('missing_image');

    const huge = await upload(Buffer.alloc(MAX_IMAGE_UPLOAD_BYTES + 1));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toBe('body_too_large');

    const { payload, headers } = multipart('image', generatedImage);
    const truncated = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/hashcheck/image',
      payload: payload.subarray(0, payload.length - 40),
      headers: { ...headers, authorization: `Bearer ${key}` },
    });
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json().error).toBe('bad_multipart');
    const noBoundary = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/hashcheck/image',
      payload,
      headers: { 'content-type': 'multipart/form-data', authorization: `Bearer ${key}` },
    });
    expect(noBoundary.statusCode).toBe(400);

    const json = await testApp.app.inject({ method: 'POST', url: '/api/v1/hashcheck/image', payload: { image: 'x' }, headers: { authorization: `Bearer ${key}` } });
    expect(json.statusCode).toBe(415);
    const unauthenticated = await testApp.app.inject({ method: 'POST', url: '/api/v1/hashcheck/image', ...multipart('image', generatedImage) });
    expect(unauthenticated.statusCode).toBe(401);
  });

  it('logs neither keys nor hashes nor image bytes', async () => {
    const own = await hashImageBuffer(generatedImage);
    expect(logText).toContain('/api/v1/hashcheck');
    for (const secret of [key, LISTED_MD5, LISTED_SHA256, own.sha256, own.pdq!]) expect(logText).not.toContain(secret);
  });

  it('documents both routes in the OpenAPI document with the key as bearer scheme', async () => {
    const document = (await testApp.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const checkRoute = document.paths['/api/v1/hashcheck'].post;
    const imageRoute = document.paths['/api/v1/hashcheck/image'].post;
    expect(checkRoute.tags).toEqual(['hashcheck']);
    expect(checkRoute.security).toEqual([{ hashcheckKey: [] }]);
    expect(checkRoute.requestBody.content['application/json'].schema.properties.hashes.maxItems).toBe(10_000);
    expect(Object.keys(checkRoute.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '413', '429']));
    expect(imageRoute.requestBody.content['multipart/form-data'].schema.properties.image.format).toBe('binary');
    expect(document.components.securitySchemes.hashcheckKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.tags.map((tag: { name: string }) => tag.name)).toContain('hashcheck');
  });
});

describe(`HashCheck API with HASHCHECK_LOG_MATCHES on ${testEngine}`, () => {
  let logging: TestApp;
  beforeAll(async () => {
    logging = await openTestApp({ HASHCHECK_LOG_MATCHES: 'true' });
    const list = await createList(logging.database.db, listInput('logged'));
    await insertEntries(logging.database.db, list.id, [{ type: 'md5', value: LISTED_MD5, quality: null }]);
    await logging.matcher.refresh();
  });
  afterAll(() => logging.close());

  it('records the matched hashes and never the others', async () => {
    const { apiKey } = await addProvider(logging.database.db, { name: 'Logged Hosting', rateLimitPerMinute: 10 });
    const response = await logging.app.inject({
      method: 'POST',
      url: '/api/v1/hashcheck',
      payload: { hashes: [{ type: 'md5', value: 'c'.repeat(32) }, { type: 'md5', value: LISTED_MD5 }] },
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(response.json().matches).toHaveLength(1);
    const recorded = await logging.database.db.selectFrom('hashcheck_matched_hashes').select(['hash_type', 'value']).execute();
    expect(recorded).toEqual([{ hash_type: 'md5', value: LISTED_MD5 }]);
  });
});
