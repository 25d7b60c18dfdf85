import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch-database.js';
import { addDirectoryProvider, updateDirectoryProvider } from '../providers/directory.js';
import { testEngine } from '../test-support/database.js';
import { providerEntry } from '../test-support/providers.js';
import { startSmtpServer, type LoopbackSmtpServer } from '../test-support/smtp-server.js';
import { staffWithToken } from '../test-support/staff.js';
import { startLoopbackServer, type LoopbackServer } from '../test-support/web-server.js';
import { serve, type Running } from './serve.js';

/**
 * The whole takedown on loopback, in seconds: a site serving a page with a
 * generated image, a real SMTP server, a local RDAP server; reported, triaged,
 * assessed illegal, routed, and the notice arrives.
 */
let running: Running;
let scratch: ScratchDatabase | undefined;
let site: LoopbackServer;
let rdap: LoopbackServer;
let smtp: LoopbackSmtpServer;
let dataDir: string;
let analystToken: string;
let officerToken: string;

const CLASSIFICATION = { legalBasis: 'baseline', ageGroup: 'pre_pubescent', gender: 'not_determined', contentType: 'image', siteType: 'image_host', commercial: false, paymentMethods: [], virtual: false, userGenerated: false, childModelling: false };

/** An RDAP bootstrap folder whose every registry is the local RDAP server. */
function writeBootstrap(dir: string, base: string): void {
  const file = (entries: string[]) => JSON.stringify({ version: '1.0', publication: '2026-11-01T00:00:00Z', services: [[entries, [base]]] });
  fs.writeFileSync(path.join(dir, 'ipv4.json'), file(['127.0.0.0/8']));
  fs.writeFileSync(path.join(dir, 'ipv6.json'), file(['2001:db8::/32']));
  fs.writeFileSync(path.join(dir, 'dns.json'), file(['example']));
  fs.writeFileSync(path.join(dir, 'asn.json'), file(['64496-64511']));
}

const RDAP_NETWORK = {
  objectClassName: 'ip network',
  handle: 'NET-127-0-0-0-1',
  startAddress: '127.0.0.0',
  endAddress: '127.255.255.255',
  ipVersion: 'v4',
  name: 'LOOPBACK-NET',
  country: 'NL',
  entities: [
    { objectClassName: 'entity', handle: 'ABUSE-1', roles: ['abuse'], vcardArray: ['vcard', [['version', {}, 'text', '4.0'], ['fn', {}, 'text', 'Abuse desk'], ['email', {}, 'text', 'abuse@rdap-network.example']]] },
  ],
};

beforeAll(async () => {
  const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 120, b: 200 } } }).png().toBuffer();
  site = await startLoopbackServer((request, response) => {
    if (request.url?.endsWith('.png')) return void response.writeHead(200, { 'content-type': 'image/png' }).end(image);
    response.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body><img src="${request.url}-picture.png" alt=""></body></html>`);
  });
  rdap = await startLoopbackServer((request, response) => {
    if (request.url?.startsWith('/rdap/ip/')) return void response.writeHead(200, { 'content-type': 'application/rdap+json' }).end(JSON.stringify(RDAP_NETWORK));
    response.writeHead(404, { 'content-type': 'application/rdap+json' }).end('{"errorCode":404}');
  });
  smtp = await startSmtpServer();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openhotline-takedown-'));
  const bootstrapDir = path.join(dataDir, 'bootstrap');
  fs.mkdirSync(bootstrapDir);
  writeBootstrap(bootstrapDir, `${rdap.origin}/rdap/`);
  scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, 'openhotline_takedown') : undefined;
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    FETCH_ALLOW_CIDRS: '127.0.0.0/8',
    SMTP_URL: smtp.url,
    NOTICE_FROM: 'notices@hotline.example',
    HOTLINE_NAME: 'Loopback Hotline',
    NOTICE_DELAY: '0s',
    NOTICE_BATCH_WINDOW: '1s',
    NOTICE_RETRY_MAX: '5s',
    FOUR_EYES_OUTCOMES: 'none',
    POLICE_FIRST_CATEGORIES: 'grooming',
    POLICE_HOLD: '1h',
    RDAP_BOOTSTRAP_DIR: bootstrapDir,
    PUBLIC_BASE_URL: 'http://127.0.0.1:3999',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  });
  running = await serve(config);
  const db = running.database.db;
  await addDirectoryProvider(db, providerEntry({ name: 'Loopback Hosting', cidrs: ['127.0.0.0/8'], abuseEmails: ['abuse@loopback-hosting.example'], language: 'en' }));
  analystToken = (await staffWithToken(db, 'analyst')).token;
  officerToken = (await staffWithToken(db, 'police')).token;
}, 180_000);

afterAll(async () => {
  await running?.stop();
  await scratch?.drop();
  await Promise.all([site?.close(), rdap?.close(), smtp?.close()]);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const api = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
  running.app!.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

/** Reports the URL, waits for triage, and assesses it illegal as an analyst; the item's id. */
async function reportAndAssess(url: string, category = 'csam'): Promise<string> {
  expect((await running.app!.inject({ method: 'POST', url: '/api/v1/reports', payload: { urls: [url], category } })).statusCode).toBe(201);
  const db = running.database.db;
  const { id } = await db.selectFrom('content_items').select('id').where('normalized_url', '=', url).executeTakeFirstOrThrow();
  await expect.poll(async () => (await db.selectFrom('content_items').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, { timeout: 60_000, interval: 250 }).toBe('triaged');
  expect((await api('POST', `/api/v1/items/${id}/claim`, analystToken)).statusCode).toBe(200);
  expect((await api('POST', `/api/v1/items/${id}/assessment`, analystToken, { outcome: 'illegal', classification: CLASSIFICATION })).json()).toEqual({ status: 'illegal' });
  return id;
}

async function mailTo(address: string, timeout = 60_000) {
  await expect.poll(() => smtp.received.filter((mail) => mail.raw.toString('utf8').includes(address)).length, { timeout, interval: 250 }).toBeGreaterThan(0);
  const index = smtp.received.findIndex((mail) => mail.raw.toString('utf8').includes(address));
  return simpleParser(smtp.received.splice(index, 1)[0]!.raw);
}

describe(`notice and takedown on loopback on ${testEngine}`, () => {
  it('reports, triages, assesses, routes and sends the notice to the directory provider, with its X-ARF report', async () => {
    const url = `${site.origin}/first.html`;
    const itemId = await reportAndAssess(url);
    const mail = await mailTo('abuse@loopback-hosting.example');
    expect(mail.subject).toMatch(/^\[OH-\d{4}-/);
    expect(mail.text).toContain(url);
    const xarf = mail.attachments.filter((part) => part.contentType === 'application/json').map((part) => JSON.parse(part.content.toString('utf8')));
    expect(xarf).toEqual([expect.objectContaining({ xarf_version: expect.stringMatching(/^4\./), category: 'content', type: 'csam', url, classification: 'baseline' })]);
    const item = (await api('GET', `/api/v1/items/${itemId}`, analystToken)).json();
    expect(item.status).toBe('notified');
    expect(item.routing).toMatchObject({ decision: 'notice', recipients: [{ kind: 'ntd', email: 'abuse@loopback-hosting.example', source: 'directory' }] });
    expect(item.notices).toEqual([{ id: expect.any(String), reference: mail.subject!.slice(1, mail.subject!.indexOf(']')), kind: 'ntd', recipient: 'abuse@loopback-hosting.example', state: 'sent', sentAt: expect.any(String), lastError: null }]);
    expect(item.timeline.map((entry: { event: string }) => entry.event)).toContain('routed');
  }, 120_000);

  it('describes the routing and the notices of an item in the OpenAPI document', async () => {
    const document = (await running.app!.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const item = document.paths['/api/v1/items/{id}'].get.responses['200'].content['application/json'].schema;
    const routing = item.properties.routing;
    expect(routing.nullable).toBe(true);
    expect(routing.properties.decision.enum).toEqual(['notice', 'dsa', 'cdn', 'forward', 'police', 'needs_recipient']);
    expect(Object.keys(routing.properties)).toEqual(expect.arrayContaining(['reasons', 'recipients']));
    const notice = item.properties.notices.items;
    expect(notice.properties.kind.enum).toEqual(['ntd', 'dsa', 'cdn', 'registrar', 'police', 'upstream']);
    expect(notice.properties.state.enum).toEqual(['queued', 'held', 'sent', 'failed']);
    expect(Object.keys(notice.properties)).toEqual(expect.arrayContaining(['id', 'recipient', 'sentAt']));
    const filter = document.paths['/api/v1/items'].get.parameters.find((parameter: { name: string }) => parameter.name === 'routing');
    expect(filter.schema.enum).toContain('needs_recipient');
  });

  it('sends exactly one message when SMTP is down and then back', async () => {
    smtp.refuseWith(421);
    const itemId = await reportAndAssess(`${site.origin}/second.html`);
    await expect.poll(async () => (await api('GET', `/api/v1/items/${itemId}`, analystToken)).json().notices[0]?.lastError ?? null, { timeout: 60_000, interval: 250 }).toMatch(/421|temporary/);
    smtp.refuseWith(undefined);
    await mailTo('abuse@loopback-hosting.example');
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(smtp.received.filter((mail) => mail.raw.toString('utf8').includes('second.html'))).toHaveLength(0);
    expect((await api('GET', `/api/v1/items/${itemId}`, analystToken)).json().notices).toEqual([expect.objectContaining({ state: 'sent' })]);
  }, 120_000);

  it('holds the notice of a police-first category until an officer releases it', async () => {
    const itemId = await reportAndAssess(`${site.origin}/third.html`, 'grooming');
    await expect.poll(async () => (await api('GET', `/api/v1/items/${itemId}`, analystToken)).json().notices[0]?.state ?? null, { timeout: 60_000, interval: 250 }).toBe('held');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(smtp.received).toHaveLength(0);
    expect((await api('POST', `/staff/police/${itemId}/release`, officerToken)).statusCode).toBe(200);
    const mail = await mailTo('abuse@loopback-hosting.example');
    expect(mail.text).toContain('third.html');
  }, 120_000);

  it('takes the contact from the local RDAP server for an address the directory does not know', async () => {
    await updateDirectoryProvider(running.database.db, 'Loopback Hosting', { cidrs: ['10.0.0.0/8'] });
    const itemId = await reportAndAssess(`${site.origin}/fourth.html`);
    const mail = await mailTo('abuse@rdap-network.example');
    expect(mail.text).toContain('fourth.html');
    expect((await api('GET', `/api/v1/items/${itemId}`, analystToken)).json().routing).toMatchObject({ decision: 'notice', hostingCountry: 'NL', recipients: [{ email: 'abuse@rdap-network.example', source: 'rdap' }] });
  }, 120_000);
});
