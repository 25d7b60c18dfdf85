import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { loggerOptions } from './logging.js';

let testApp: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  testApp = await openTestApp({ TRUST_PROXY: 'true' }, pino(loggerOptions('trace'), sink));
});
afterAll(() => testApp.close());

describe(`logging on ${testEngine}`, () => {
  it('writes no address, user agent, query, report content or receipt', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.77', 'user-agent': 'DistinctiveAgent/9.9' };
    const created = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers,
      payload: { urls: ['https://logged.test-illegal.example/secret-path'], category: 'csam', contact: { email: 'private@mail.example' } },
    });
    const { receipt } = created.json() as { receipt: string };
    await testApp.app.inject({ method: 'GET', url: `/status?lang=en&code=${receipt}`, headers });
    await testApp.app.inject({ method: 'GET', url: `/api/v1/reports/status/${receipt}`, headers });

    const log = lines.join('');
    expect(log).toContain('request completed');
    expect(lines.filter((line) => line.includes('/api/v1/reports/status/:receipt'))).toHaveLength(1);
    expect(log).toContain('/api/v1/reports/status/:receipt');
    for (const secret of [receipt, '203.0.113.77', '127.0.0.1', 'DistinctiveAgent', 'secret-path', 'private@mail.example', 'lang=en', 'remoteAddress']) {
      expect(log, secret).not.toContain(secret);
    }
  });
});
