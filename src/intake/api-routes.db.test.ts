import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await openTestApp();
});
afterAll(() => testApp.close());

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  testApp.app.inject({ method: 'POST', url: '/api/v1/reports', payload: payload as object, headers });

describe(`reporting API on ${testEngine}`, () => {
  it('creates a report and answers its receipt and normalised URLs', async () => {
    const response = await post({
      urls: ['HTTPS://API.Test-Illegal.example:443/x#y', 'http://bücher.example/'],
      category: 'terrorism',
      language: 'sv',
      contact: { email: 'partner@mail.example', mayContact: true },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.items).toEqual([
      { url: 'HTTPS://API.Test-Illegal.example:443/x#y', normalizedUrl: 'https://api.test-illegal.example/x' },
      { url: 'http://bücher.example/', normalizedUrl: 'http://xn--bcher-kva.example/' },
    ]);
    const status = await testApp.app.inject({ method: 'GET', url: `/api/v1/reports/status/${body.receipt}` });
    expect(status.json()).toEqual({ status: 'received' });
    const report = await testApp.database.db.selectFrom('reports').select(['channel', 'language']).where('channel', '=', 'api').executeTakeFirstOrThrow();
    expect(report).toEqual({ channel: 'api', language: 'sv' });
  });

  it('lists every schema problem with its field', async () => {
    const response = await post({ urls: [], category: 'weather', extra: 1, contact: { mayContact: 'yes' } });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error).toBe('validation');
    const fields = body.errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(['category', 'contact.mayContact', 'extra', 'urls']);
    expect(body.errors.find((error: { field: string }) => error.field === 'extra').code).toBe('schema.unknown_field');
  });

  it('names a URL the hotline cannot take by its position', async () => {
    const response = await post({ urls: ['http://fine.test-illegal.example/', 'javascript:alert(1)'], category: 'csam' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      {
        field: 'urls[1]',
        code: 'url.scheme',
        message: 'Only web addresses that start with http:// or https:// can be reported.',
      },
    ]);
  });

  it('refuses a missing body, bad JSON, another media type and a body over 1 MB', async () => {
    expect((await post(undefined)).statusCode).toBe(400);
    const badJson = await post('{"urls": [', { 'content-type': 'application/json' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error).toBeTruthy();
    const text = await post('urls=x', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    const huge = await post({ urls: ['http://a.example/'], category: 'csam', description: 'x'.repeat(1_100_000) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toBe('body_too_large');
  });

  it('answers 404 for an unknown or malformed receipt', async () => {
    expect((await testApp.app.inject({ method: 'GET', url: '/api/v1/reports/status/0000-0000-0000-0000' })).statusCode).toBe(404);
    expect((await testApp.app.inject({ method: 'GET', url: '/api/v1/reports/status/zz' })).statusCode).toBe(404);
  });

  it('publishes an OpenAPI document generated from the routes, with the categories as an enum', async () => {
    const document = (await testApp.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(document.openapi).toMatch(/^3\./);
    const operation = document.paths['/api/v1/reports'].post;
    const schema = operation.requestBody.content['application/json'].schema;
    expect(schema.properties.category.enum).toContain('csam');
    expect(document.paths['/api/v1/reports/status/{receipt}'].get).toBeDefined();
    const page = await testApp.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(page.statusCode);
  });
});
