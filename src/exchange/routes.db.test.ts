import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { staffWithToken } from '../test-support/staff.js';
import { generateExchangeKey } from './identity.js';
import { listPartners } from './partners.js';

let testApp: TestApp;
let admin: string;
let supervisor: string;

beforeAll(async () => {
  testApp = await openTestApp({ HOTLINE_NAME: 'Hotline NL', HOTLINE_COUNTRY: 'NL', PUBLIC_BASE_URL: 'https://hotline.example.nl' });
  admin = (await staffWithToken(testApp.database.db, 'admin')).token;
  supervisor = (await staffWithToken(testApp.database.db, 'supervisor')).token;
}, 120_000);
afterAll(() => testApp.close());

const asStaff = (token: string) => ({ authorization: `Bearer ${token}` });

describe(`the exchange's routes on ${testEngine}`, () => {
  it('publishes the identity document at /.well-known/openhotline', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/.well-known/openhotline' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Hotline NL',
      country: 'NL',
      exchange: { endpoint: 'https://hotline.example.nl/api/v1/exchange/messages', messageTypes: ['report', 'status'], signature: { algorithm: 'ed25519' } },
      keys: [{ algorithm: 'ed25519' }],
    });
  });

  it('documents the message endpoint in the OpenAPI document, with both message types', async () => {
    const document = (await testApp.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const operation = document.paths['/api/v1/exchange/messages'].post;
    const schema = operation.requestBody.content['application/json'].schema;
    expect(schema.anyOf.map((variant: { properties: { type: { const?: string; enum?: string[] } } }) => variant.properties.type.const ?? variant.properties.type.enum?.[0])).toEqual(['report', 'status']);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['202', '200', '400', '401', '409', '422']));
  });

  it('refuses an unsigned message with a clear 4xx, and a body that is not JSON', async () => {
    const unsigned = await testApp.app.inject({ method: 'POST', url: '/api/v1/exchange/messages', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ type: 'status' }) });
    expect(unsigned.statusCode).toBe(400);
    const broken = await testApp.app.inject({ method: 'POST', url: '/api/v1/exchange/messages', headers: { 'content-type': 'application/json' }, payload: '{"type":' });
    expect(broken.statusCode).toBe(400);
  });

  it('lets admins add and disable partners on /staff/partners, and nobody else', async () => {
    const key = generateExchangeKey();
    expect((await testApp.app.inject({ method: 'GET', url: '/staff/partners', headers: asStaff(supervisor) })).statusCode).toBe(403);
    const page = await testApp.app.inject({ method: 'GET', url: '/staff/partners', headers: asStaff(admin) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('https://hotline.example.nl/.well-known/openhotline');
    const form = { name: 'Hotline CZ', country: 'cz', url: 'https://hotline.example.cz/', publicKey: key.publicKeyPem, keyId: '' };
    const added = await testApp.app.inject({ method: 'POST', url: '/staff/partners', headers: { ...asStaff(admin), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('Hotline CZ saved.');
    const [partner] = await listPartners(testApp.database.db);
    expect(partner).toMatchObject({ name: 'Hotline CZ', country: 'CZ', baseUrl: 'https://hotline.example.cz', enabled: true, keyIds: [key.id] });
    const bad = await testApp.app.inject({ method: 'POST', url: '/staff/partners', headers: { ...asStaff(admin), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...form, name: 'Other', publicKey: 'nonsense' }).toString() });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The partner cannot be saved');
    const disabled = await testApp.app.inject({ method: 'POST', url: `/staff/partners/${partner!.id}/disable`, headers: asStaff(admin) });
    expect(disabled.statusCode).toBe(200);
    expect((await listPartners(testApp.database.db))[0]!.enabled).toBe(false);
  });
});
