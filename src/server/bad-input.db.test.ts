import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../config/config.js';
import { ROLES, roleHas, type Role } from '../domain/permissions.js';
import { addProvider } from '../hashcheck/providers.js';
import { createUser } from '../auth/users.js';
import { formPost, openTestApp, type TestApp } from '../test-support/app.js';
import { reportedAndCaptured } from '../test-support/captured-media.js';
import { testEngine } from '../test-support/database.js';
import { SAMPLE_CLASSIFICATION } from '../test-support/fixtures.js';
import { formClient } from '../test-support/form-client.js';
import { staffWithToken } from '../test-support/staff.js';
import { translator, type MessageKey } from '../web/i18n/index.js';

let testApp: TestApp;
const tokens = {} as Record<Role, string>;
let providerKey: string;
/** Rows that exist, so that requests with their ids reach as deep as they can. */
let rows: { itemId: string; mediaId: string; reportId: string; receipt: string; userId: string };

beforeAll(async () => {
  testApp = await openTestApp();
  const db = testApp.database.db;
  for (const role of ROLES) tokens[role] = (await staffWithToken(db, role)).token;
  providerKey = (await addProvider(db, { name: 'a provider', rateLimitPerMinute: 1_000_000 })).apiKey;
  rows = { ...(await reportedAndCaptured(testApp)), userId: (await staffWithToken(db, 'auditor')).user.id };
}, 180_000);
afterAll(() => testApp.close());

const bearer = (role: Role) => ({ authorization: `Bearer ${tokens[role]}` });
const get = (url: string, role: Role) => testApp.app.inject({ method: 'GET', url, headers: bearer(role) });
const english = translator('en');

describe(`the fuzzer's findings on ${testEngine}`, () => {
  it('refuses a NUL character in a query filter and names the filter, before the database sees it', async () => {
    for (const field of ['category', 'url', 'language']) {
      const api = await get(`/api/v1/items?${field}=a%00b`, 'analyst');
      expect(api.statusCode).toBe(400);
      expect(api.json().errors).toEqual([{ field, code: 'text.nul', message: `query parameter ${field} must not contain a NUL character (U+0000)` }]);
      const page = await get(`/staff/queue?${field}=a%00b`, 'analyst');
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain(english('error.input.nul', { field }));
    }
    for (const field of ['actor', 'action', 'objectType', 'objectId']) {
      const page = await get(`/staff/audit?${field}=a%00b&lang=cs`, 'auditor');
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain(translator('cs')('error.input.nul', { field }));
    }
  });

  it('refuses a NUL character in text that would be stored: a report, a sign-in, an assessment', async () => {
    const report = { urls: ['https://a.example/'], category: 'csam', description: 'a\u0000b' };
    const api = await testApp.app.inject({ method: 'POST', url: '/api/v1/reports', payload: report });
    expect(api.statusCode).toBe(400);
    expect(api.json().errors).toEqual([expect.objectContaining({ field: 'description', code: 'text.nul' })]);

    const reporter = formClient(testApp.app);
    await reporter.get('/report');
    const form = await reporter.post('/report', { urls: 'https://a.example/', category: 'csam', description: 'a\u0000b' });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain(english('error.input.nul', { field: 'description' }));

    const staff = formClient(testApp.app);
    await staff.get('/staff/login');
    const login = await staff.post('/staff/login', { email: 'a\u0000@hotline.example', password: 'x' });
    expect(login.statusCode).toBe(400);
    expect(login.body).toContain(english('error.input.nul', { field: 'email' }));

    await testApp.app.inject({ method: 'POST', url: `/api/v1/items/${rows.itemId}/claim`, headers: bearer('analyst') });
    const answers = { linkWorks: 'yes', contentAvailable: 'yes', illegal: 'yes', legalBasis: 'baseline', ageGroup: 'pre_pubescent', gender: 'not_determined', contentType: 'image', siteType: 'image_host' };
    for (const field of ['note', 'paymentMethods']) {
      const page = await testApp.app.inject(formPost(`/staff/items/${rows.itemId}/assessment`, { ...answers, [field]: 'a\u0000b' }, bearer('analyst')));
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain(english('error.input.nul', { field }));
    }
    const assessment = { outcome: 'illegal', note: 'a\u0000b', classification: { ...SAMPLE_CLASSIFICATION, paymentMethods: ['a\u0000b'] } };
    const decided = await testApp.app.inject({ method: 'POST', url: `/api/v1/items/${rows.itemId}/assessment`, headers: bearer('analyst'), payload: assessment });
    expect(decided.statusCode).toBe(400);
    expect(decided.json().errors.map((error: { field: string }) => error.field)).toEqual(['note', 'classification.paymentMethods[0]']);
  });

  it('refuses a UTF-16 surrogate without its pair in paymentMethods, and anywhere else in JSON', async () => {
    await testApp.app.inject({ method: 'POST', url: `/api/v1/items/${rows.itemId}/claim`, headers: bearer('analyst') });
    const assessment = { outcome: 'illegal', classification: { ...SAMPLE_CLASSIFICATION, paymentMethods: ['\ud800'] } };
    const decided = await testApp.app.inject({ method: 'POST', url: `/api/v1/items/${rows.itemId}/assessment`, headers: bearer('analyst'), payload: assessment });
    expect(decided.statusCode).toBe(400);
    expect(decided.json().errors).toEqual([
      { field: 'classification.paymentMethods[0]', code: 'text.lone_surrogate', message: expect.stringContaining('surrogate without its pair') },
    ]);
    const report = await testApp.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { urls: ['https://a.example/'], category: 'csam', contact: { name: 'x\udc00' } } });
    expect(report.json().errors).toEqual([expect.objectContaining({ field: 'contact.name', code: 'text.lone_surrogate' })]);
  });

  it('takes only form bodies on the HTML forms: JSON gets 415, whatever its values, with a valid CSRF token', async () => {
    const mediaType = (locale: Locale) => translator(locale)('error.input.media_type');
    const reporter = formClient(testApp.app);
    await reporter.get('/report?lang=nl');
    const report = await reporter.postJson('/report', { urls: ['x'], category: 'csam' });
    expect(report.statusCode).toBe(415);
    expect(report.body).toContain(mediaType('nl'));
    const status = await reporter.postJson('/status', { code: 1 });
    expect(status.statusCode).toBe(415);

    const { password } = await createUser(testApp.database.db, { email: 'json@hotline.example', role: 'analyst' });
    const staff = formClient(testApp.app);
    await staff.get('/staff/login');
    expect((await staff.postJson('/staff/login', { email: ['json@hotline.example'], password })).statusCode).toBe(415);
    expect((await staff.post('/staff/login', { email: 'json@hotline.example', password })).headers.location).toBe('/staff/enrol');
    await staff.get('/staff/enrol');
    for (const url of ['/staff/enrol', '/staff/login/code']) {
      const answer = await staff.postJson(url, { code: 123456 });
      expect(answer.statusCode, url).toBe(415);
      expect(answer.body).toContain(mediaType('en'));
    }

    const json = (url: string, role: Role, payload: object) => testApp.app.inject({ method: 'POST', url, headers: bearer(role), payload });
    expect((await json('/staff/users', 'admin', { email: 7, role: 'analyst' })).statusCode).toBe(415);
    const assessment = await json(`/staff/items/${rows.itemId}/assessment`, 'analyst', { linkWorks: 'yes', contentAvailable: 'yes', illegal: 'yes', paymentMethods: 1 });
    expect(assessment.statusCode).toBe(415);
  });

  it('reads a UUID in capitals as the same id: the reporter’s contact, the media viewer, preview and content', async () => {
    const mediaUrl = (itemId: string, mediaId: string) => `/staff/items/${itemId}/media/${mediaId}`;
    const lower = mediaUrl(rows.itemId, rows.mediaId);
    const upper = mediaUrl(rows.itemId.toUpperCase(), rows.mediaId.toUpperCase());
    for (const suffix of ['', '/preview', '/content']) {
      const [expected, answered] = [await get(lower + suffix, 'analyst'), await get(upper + suffix, 'analyst')];
      expect(expected.statusCode, suffix).toBe(200);
      expect(answered.statusCode, suffix).toBe(200);
      if (suffix !== '') expect(answered.rawPayload.equals(expected.rawPayload), suffix).toBe(true);
    }
    const contact = await get(`/staff/reports/${rows.reportId.toUpperCase()}/contact`, 'supervisor');
    expect(contact.statusCode).toBe(200);
    expect(contact.body).toContain('reporter@mail.example');
  });
});

type Caller = 'anonymous' | Role | 'provider';
const CALLERS: readonly Caller[] = ['anonymous', ...ROLES, 'provider'];
/** Each caller reads pages in another language, so every message is checked in several. */
const LOCALE_OF: Record<Caller, Locale> = { anonymous: 'en', admin: 'cs', supervisor: 'nl', analyst: 'ru', auditor: 'sv', police: 'en', provider: 'kk' };
const QUERY_FIELDS = ['category', 'url', 'language', 'status', 'country', 'actor', 'action', 'objectType', 'objectId', 'from', 'to', 'before', 'next', 'lang', 'code'];
const FORM_FIELDS = [
  ...['urls', 'category', 'contentType', 'description', 'name', 'email', 'mayContact', 'website', 'code', 'password', 'next', 'role'],
  ...['linkWorks', 'contentAvailable', 'illegal', 'note', 'legalBasis', 'ageGroup', 'gender', 'siteType', 'commercial', 'paymentMethods'],
  ...['virtual', 'userGenerated', 'childModelling', 'dailyItemLimit', 'breakAfterMinutes', 'previewSize', 'previewGreyscale', 'previewBlur', '_csrf'],
];
/** Every text field of every JSON body the API takes. */
const jsonWith = (text: string) => ({
  urls: [text],
  category: text,
  contentType: text,
  description: text,
  language: text,
  contact: { name: text, email: text },
  outcome: text,
  note: text,
  classification: { legalBasis: text, paymentMethods: [text] },
  hashes: [{ type: 'md5', value: text }],
});
const NOT_TEXT = { urls: 'x', category: 1, description: [], contact: 'x', email: true, code: {}, note: null, outcome: 2, hashes: 'x' };
/** API routes that read no body, so a body of any shape changes nothing. */
const BODILESS = new Set(['/api/v1/items/:id/claim', '/api/v1/items/:id/release']);

interface Route {
  method: string;
  url: string;
  access: string;
}

const isApi = (route: Route) => route.url.startsWith('/api/');
const routes = () => testApp.app.routeAccess.filter((route) => route.method !== 'HEAD');
const posts = () => routes().filter((route) => route.method === 'POST');

function mayCall(route: Route, caller: Caller): boolean {
  if (route.access === 'public') return true;
  if (route.access === 'provider') return caller === 'provider';
  return caller !== 'anonymous' && caller !== 'provider' && roleHas(caller, route.access as Parameters<typeof roleHas>[1]);
}

function headersOf(caller: Caller): Record<string, string> {
  const language = { 'accept-language': LOCALE_OF[caller] };
  if (caller === 'anonymous') return language;
  return { ...language, authorization: `Bearer ${caller === 'provider' ? providerKey : tokens[caller]}` };
}

/** The route's path with ids of rows that exist, in the case given. */
function pathOf(route: Route, spell: (id: string) => string = (id) => id): string {
  return route.url
    .replace(':id', spell(route.url.startsWith('/staff/users') ? rows.userId : rows.itemId))
    .replace(':mediaId', spell(rows.mediaId))
    .replace(':reportId', spell(rows.reportId))
    .replace(':receipt', rows.receipt)
    .replace(/\*$/, 'x');
}

const isRefusal = (response: LightMyRequestResponse) =>
  [401, 403].includes(response.statusCode) || (response.statusCode === 303 && String(response.headers.location).startsWith('/staff/login?next='));

type Expectation = (response: LightMyRequestResponse, locale: Locale) => boolean;

const isJson = (response: LightMyRequestResponse) => String(response.headers['content-type']).startsWith('application/json');
const fieldErrors = (response: LightMyRequestResponse) => (isJson(response) ? ((response.json().errors ?? []) as { field: string; code: string }[]) : []);

/**
 * The API names the field and the code (the API documents' own routes, outside
 * our error handler, only in the message); a page says it in the reader's language.
 */
function namesTextProblem(problem: 'nul' | 'lone_surrogate', field: string): Expectation {
  return (response, locale) =>
    response.statusCode === 400 &&
    (isJson(response)
      ? fieldErrors(response).some((error) => error.field === field && error.code === `text.${problem}`) ||
        String(response.json().message).includes(`parameter ${field} must not contain`)
      : response.body.includes(translator(locale)(`error.input.${problem}` as MessageKey, { field })));
}

const refusesMediaType: Expectation = (response, locale) => response.statusCode === 415 && response.body.includes(translator(locale)('error.input.media_type'));
const namesSchemaProblem: Expectation = (response) => response.statusCode === 400 && fieldErrors(response).length > 0;
const isUnsupported: Expectation = (response) => response.statusCode === 415 && isJson(response) && response.json().error === 'unsupported_media_type';
/** Whether the answer is a refusal of an id in the path, on a page or in the API. */
const refusesId: Expectation = (response, locale) =>
  ['id', 'mediaId', 'reportId'].some(
    (field) => response.body.includes(translator(locale)('error.input.address', { field })) || fieldErrors(response).some((error) => error.field === field),
  );

interface Attempt {
  url: string;
  method: string;
  headers?: Record<string, string>;
  payload?: string;
  /** What an allowed caller must be answered; absent: anything but a 5xx. */
  expect?: Expectation;
}

/** Sends each attempt as each caller; a caller without access is refused as usual, none is ever answered with a 5xx. */
async function problemsWith(attemptsOf: (route: Route) => Attempt[], routeList: Route[] = routes()): Promise<string[]> {
  const problems: string[] = [];
  for (const route of routeList) {
    for (const attempt of attemptsOf(route)) {
      for (const caller of CALLERS) {
        const response = await testApp.app.inject({
          method: attempt.method as 'POST',
          url: attempt.url,
          headers: { ...headersOf(caller), ...attempt.headers },
          ...(attempt.payload === undefined ? {} : { payload: attempt.payload }),
        });
        const allowed = mayCall(route, caller);
        const fine = response.statusCode < 500 && (allowed ? !attempt.expect || attempt.expect(response, LOCALE_OF[caller]) : isRefusal(response));
        if (!fine) problems.push(`${attempt.method} ${attempt.url} as ${caller}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
    }
  }
  return problems;
}

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
const form = (fields: Record<string, string>) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
const everyField = (names: readonly string[], value: string) => Object.fromEntries(names.map((name) => [name, value]));
const REPEATED_FIELDS = ['email', 'password', 'code', 'urls', 'category', 'dailyItemLimit', 'role', 'linkWorks', 'illegal', 'note', '_csrf']
  .flatMap((name) => [`${name}=yes`, `${name}=no`])
  .join('&');
const SLOW = 180_000;

describe(`bad input at every route, for every caller, on ${testEngine}`, () => {
  it(
    'refuses a NUL character in any query parameter, naming it',
    async () => {
      const query = QUERY_FIELDS.map((name) => `${name}=a%00b`).join('&');
      expect(await problemsWith((route) => [{ method: route.method, url: `${pathOf(route)}?${query}`, expect: namesTextProblem('nul', 'language') }])).toEqual([]);
    },
    SLOW,
  );

  it(
    'refuses a NUL character in any field of a form or a JSON body, naming it',
    async () => {
      const attempts = (route: Route): Attempt[] => [
        { method: 'POST', url: pathOf(route), ...(isApi(route) ? json(jsonWith('a\u0000b')) : form(everyField(FORM_FIELDS, 'a\u0000b'))), expect: namesTextProblem('nul', 'category') },
      ];
      expect(await problemsWith(attempts, posts())).toEqual([]);
    },
    SLOW,
  );

  it(
    'refuses a UTF-16 surrogate without its pair anywhere in a JSON body, naming it',
    async () => {
      const attempts = (route: Route): Attempt[] => [{ method: 'POST', url: pathOf(route), ...json(jsonWith('\ud800')), expect: isApi(route) ? namesTextProblem('lone_surrogate', 'category') : refusesMediaType }];
      expect(await problemsWith(attempts, posts())).toEqual([]);
    },
    SLOW,
  );

  it(
    'refuses JSON on HTML forms with 415, and values that are not text in the API with the fields at fault',
    async () => {
      const expectation = (route: Route) => {
        if (!isApi(route)) return refusesMediaType;
        if (route.url === '/api/v1/hashcheck/image') return isUnsupported;
        return BODILESS.has(route.url) ? undefined : namesSchemaProblem;
      };
      const attempts = (route: Route): Attempt[] => [{ method: 'POST', url: pathOf(route), ...json(NOT_TEXT), expect: expectation(route) }];
      expect(await problemsWith(attempts, posts())).toEqual([]);
    },
    SLOW,
  );

  it(
    'answers an id in capitals as the same id',
    async () => {
      const withIds = routes().filter((route) => /:(id|mediaId|reportId)\b/.test(route.url));
      expect(withIds.length).toBeGreaterThan(10);
      const problems: string[] = [];
      for (const route of withIds) {
        for (const caller of CALLERS) {
          const send = (url: string) => testApp.app.inject({ method: route.method as 'GET', url, headers: headersOf(caller) });
          const [lower, upper] = [await send(pathOf(route)), await send(pathOf(route, (id) => id.toUpperCase()))];
          if (upper.statusCode !== lower.statusCode || upper.statusCode >= 500 || refusesId(upper, LOCALE_OF[caller])) {
            problems.push(`${route.method} ${route.url} as ${caller}: ${lower.statusCode}, in capitals ${upper.statusCode}`);
          }
        }
      }
      expect(problems).toEqual([]);
    },
    SLOW,
  );

  it(
    'answers malformed ids, repeated fields and broken JSON with a client error',
    async () => {
      const attempts = (route: Route): Attempt[] => {
        const url = `${route.url.replace(/:\w+/g, 'not-an-id%00').replace(/\*$/, 'x')}?${REPEATED_FIELDS}&status=nonsense&before=-1&from=2026-13-45`;
        return [
          { method: route.method, url },
          { method: route.method, url, headers: { 'content-type': 'application/json' }, payload: '{"broken json' },
          { method: route.method, url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: REPEATED_FIELDS },
        ];
      };
      expect(await problemsWith(attempts)).toEqual([]);
    },
    SLOW,
  );
});
