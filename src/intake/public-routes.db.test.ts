import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReportForm, openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';

let testApp: TestApp;
const form = 'application/x-www-form-urlencoded';

beforeAll(async () => {
  testApp = await openTestApp();
});
afterAll(() => testApp.close());

async function submitForm(fields: Record<string, string>, headers: Record<string, string> = {}) {
  const { token, cookie } = await openReportForm(testApp.app, headers);
  const response = await testApp.app.inject({
    method: 'POST',
    url: '/report',
    headers: { ...headers, cookie, 'content-type': form },
    payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
  return Object.assign(response, { cookie });
}

/** The page a form's answer redirects to, fetched as the same browser. */
const follow = (response: { headers: Record<string, unknown> }, cookie: string) =>
  testApp.app.inject({ method: 'GET', url: String(response.headers.location), headers: { cookie } });

describe(`public site on ${testEngine}`, () => {
  it('serves the home page with a strict Content-Security-Policy', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="en">');
    const csp = response.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('speaks the language the browser prefers and the one the reader chooses', async () => {
    const czech = await testApp.app.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'cs-CZ,cs;q=0.9' } });
    expect(czech.body).toContain('<html lang="cs">');
    const chosen = await testApp.app.inject({ method: 'GET', url: '/report?lang=kk' });
    expect(chosen.body).toContain('<html lang="kk">');
    const remembered = chosen.cookies.find((cookie) => cookie.name === 'lang');
    expect(remembered?.value).toBe('kk');
    const next = await testApp.app.inject({ method: 'GET', url: '/status', headers: { cookie: 'lang=kk' } });
    expect(next.body).toContain('<html lang="kk">');
  });

  it('takes a report from the form and shows a receipt only after it is stored', async () => {
    const response = await submitForm({
      urls: 'https://form.test-illegal.example/a\r\n\r\nform2.test-illegal.example/b',
      category: 'csam',
      contentType: 'image',
      description: 'Second gallery on the page',
      email: 'me@mail.example',
      mayContact: 'yes',
    });
    expect(response.statusCode).toBe(303);
    const shown = await follow(response, response.cookie);
    expect(shown.headers['cache-control']).toBe('no-store');
    const receipt = /data-testid="receipt">([^<]+)</.exec(shown.body)?.[1];
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const items = await testApp.database.db.selectFrom('content_items').select('normalized_url').where('host', 'like', 'form%').execute();
    expect(items.map((item) => item.normalized_url).sort()).toEqual([
      'http://form2.test-illegal.example/b',
      'https://form.test-illegal.example/a',
    ]);

    const status = await testApp.app.inject({
      method: 'POST',
      url: '/status',
      headers: { 'content-type': form },
      payload: `code=${encodeURIComponent(receipt!.toLowerCase())}`,
    });
    expect(status.statusCode).toBe(200);
    expect(status.body).toContain('data-testid="status">Received');
    expect(status.body).toContain(`Status of report ${receipt}`);

    const elsewhere = await follow(response, '');
    expect(elsewhere.statusCode).toBe(410);
    expect(elsewhere.body).not.toContain(receipt);
  });

  it('returns the form with errors in the reader’s language and keeps what was typed', async () => {
    const response = await submitForm(
      { urls: 'ftp://x.test-illegal.example/file\n<b>typed</b>', category: '', description: 'kept text', name: 'Jana' },
      { 'accept-language': 'cs' },
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<html lang="cs">');
    expect(response.body).toContain('class="error-summary"');
    expect(response.body).toContain('href="#category"');
    expect(response.body).toContain('aria-invalid="true"');
    expect(response.body).toContain('&lt;b&gt;typed&lt;/b&gt;');
    expect(response.body).toContain('kept text');
    expect(response.body).toContain('value="Jana"');
    expect(response.body).not.toContain('<b>typed</b>');
  });

  it('refuses a form without a valid CSRF token, keeping the answers', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/report',
      headers: { 'content-type': form },
      payload: 'urls=http%3A%2F%2Fcsrf.test-illegal.example%2F&category=csam',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('This form has expired');
    expect(response.body).toContain('http://csrf.test-illegal.example/');
    const stored = await testApp.database.db.selectFrom('content_items').select('id').where('host', '=', 'csrf.test-illegal.example').execute();
    expect(stored).toHaveLength(0);
  });

  it('takes the first value of a field sent twice', async () => {
    const { token, cookie } = await openReportForm(testApp.app);
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/report',
      headers: { cookie, 'content-type': form },
      payload: `_csrf=${encodeURIComponent(token)}&urls=http%3A%2F%2Ftwice.test-illegal.example%2F&urls=other&category=csam&category=hate`,
    });
    expect(response.statusCode).toBe(303);
    const item = await testApp.database.db.selectFrom('content_items').select('category').where('host', '=', 'twice.test-illegal.example').executeTakeFirstOrThrow();
    expect(item.category).toBe('csam');
  });

  it('refuses a form whose hidden honeypot field was filled', async () => {
    const response = await submitForm({ urls: 'http://bot.test-illegal.example/', category: 'csam', website: 'http://spam.example' });
    expect(response.statusCode).toBe(400);
    const stored = await testApp.database.db.selectFrom('content_items').select('id').where('host', '=', 'bot.test-illegal.example').execute();
    expect(stored).toHaveLength(0);
  });

  it('asks for a receipt code and says when a code names no report', async () => {
    const empty = await testApp.app.inject({ method: 'POST', url: '/status', headers: { 'content-type': form }, payload: 'code=' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter your receipt code.');
    const unknown = await testApp.app.inject({ method: 'POST', url: '/status', headers: { 'content-type': form }, payload: 'code=0000-0000-0000-0000' });
    expect(unknown.body).toContain('No report has this code.');
    const misshapen = await testApp.app.inject({ method: 'POST', url: '/status', headers: { 'content-type': form }, payload: 'code=ABCD-EFGH' });
    expect(misshapen.statusCode).toBe(400);
    expect(misshapen.body).toContain('A receipt code has sixteen letters and digits in four groups');
    expect(misshapen.body).not.toContain('No report has this code.');
  });

  it('answers an unknown page with a page in the reader’s language', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/nowhere', headers: { 'accept-language': 'nl' } });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('<html lang="nl">');
  });

  it('serves its stylesheet from its own origin', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/assets/site.css' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/css');
  });

  it('reports itself alive and its database ready', async () => {
    expect((await testApp.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await testApp.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });
});

describe('rate limiting of the report form', () => {
  it('answers 429 with a clear message once a client sent too many reports', async () => {
    const limited = await openTestApp({ RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const { token, cookie } = await openReportForm(limited.app);
      const send = () =>
        limited.app.inject({
          method: 'POST',
          url: '/report',
          headers: { cookie, 'content-type': form },
          payload: new URLSearchParams({ _csrf: token, urls: 'http://rate.test-illegal.example/', category: 'csam' }).toString(),
        });
      expect((await send()).statusCode).toBe(303);
      expect((await send()).statusCode).toBe(303);
      const third = await send();
      expect(third.statusCode).toBe(429);
      expect(third.body).toContain('Too many requests');
    } finally {
      await limited.close();
    }
  });
});
