/**
 * npm run bench:exchange — messages per second between two local instances,
 * each a whole hotline (own data folder, own database), default exchange
 * settings. Three figures from the same run:
 *
 * 1. received: report messages signed by a client and posted to B, each
 *    verified (digest, key, time, signature, replay) and applied (a partner
 *    report with its items) before B answers 202;
 * 2. delivered: report messages A's outbox delivers to B through its jobs,
 *    from the first row written to the last delivery recorded;
 * 3. the ceiling: B's /healthz answered with the same client concurrency.
 *
 * PGlite, or DATABASE_URL (scratch databases are made and dropped).
 * BENCH_MESSAGES (default 2000) and BENCH_SECONDS (default 60, per phase) bound it.
 */
import { randomUUID } from 'node:crypto';
import { generateExchangeKey, MESSAGES_PATH } from '../src/exchange/identity.js';
import type { ReportMessage } from '../src/exchange/messages.js';
import { addPartner } from '../src/exchange/partners.js';
import { signedHeaders } from '../src/exchange/signing.js';
import { makePartners, startHotline, type LoopbackHotline } from '../src/test-support/hotlines.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONCURRENCY = 16;
/** The exchange's own settings at their defaults; the rest as a test on loopback needs it. */
const DEFAULTS = { EXCHANGE_RETRY_MAX: '10m', EXCHANGE_CLOCK_SKEW: '5m' };

function reportMessage(n: number): ReportMessage {
  return {
    type: 'report',
    id: randomUUID(),
    reference: randomUUID(),
    sentAt: new Date().toISOString(),
    urls: [`https://test-illegal.example/bench/${n}.html`],
    category: 'csam',
    classification: { legalBasis: 'baseline', ageGroup: 'pre_pubescent' },
    hashes: [{ sha256: 'ab'.repeat(32) }],
    trace: { host: 'test-illegal.example', country: 'CZ', addresses: [{ address: '192.0.2.7', country: 'CZ', asn: 64500 }] },
  };
}

/** Runs `work` for 0…count-1, CONCURRENCY at a time, until done or the time is up; how many ran and how long it took. */
async function run(count: number, work: (n: number) => Promise<void>): Promise<{ done: number; seconds: number }> {
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count && performance.now() < deadline) {
        await work(next++);
        done += 1;
      }
    }),
  );
  return { done, seconds: (performance.now() - start) / 1000 };
}

const rate = (result: { done: number; seconds: number }) => `${Math.round(result.done / result.seconds)}/s (${result.done} in ${result.seconds.toFixed(1)} s)`;

async function received(b: LoopbackHotline): Promise<string> {
  const sender = generateExchangeKey();
  await addPartner(b.running.database.db, { name: 'Bench sender', country: 'SK', baseUrl: 'http://127.0.0.1:9', publicKey: sender.publicKeyPem, keyId: sender.id });
  const endpoint = `${b.url}${MESSAGES_PATH}`;
  return rate(
    await run(MESSAGES, async (n) => {
      const body = Buffer.from(JSON.stringify(reportMessage(n)));
      const response = await fetch(endpoint, { method: 'POST', headers: await signedHeaders(sender, endpoint, body), body });
      if (response.status !== 202) throw new Error(`message ${n}: HTTP ${response.status} ${await response.text()}`);
    }),
  );
}

async function delivered(a: LoopbackHotline, b: LoopbackHotline): Promise<string> {
  const db = a.running.database.db;
  const partner = await db.selectFrom('partners').select('id').where('country', '=', b.country).executeTakeFirstOrThrow();
  const items = Array.from({ length: MESSAGES }, (_, n) => ({ id: randomUUID(), n }));
  const start = performance.now();
  for (let first = 0; first < items.length; first += 500) {
    const batch = items.slice(first, first + 500);
    await db.insertInto('content_items').values(batch.map(({ id, n }) => ({ id, normalized_url: `https://test-illegal.example/outbox/${n}.html`, host: 'test-illegal.example', status: 'routed', category: 'csam' }))).execute();
    await db
      .insertInto('exchange_outbox')
      .values(batch.map(({ id, n }) => { const message = { ...reportMessage(n), reference: id }; return { message_id: message.id, partner_id: partner.id, item_id: id, type: 'report' as const, body: JSON.stringify(message) }; }))
      .execute();
  }
  const deadline = start + SECONDS * 1000;
  let done = 0;
  while (performance.now() < deadline) {
    done = Number((await db.selectFrom('exchange_outbox').select((eb) => eb.fn.countAll().as('n')).where('delivered_at', 'is not', null).where('partner_id', '=', partner.id).executeTakeFirstOrThrow()).n);
    if (done >= MESSAGES) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return rate({ done, seconds: (performance.now() - start) / 1000 });
}

async function ceiling(b: LoopbackHotline): Promise<string> {
  return rate(
    await run(MESSAGES, async () => {
      const response = await fetch(`${b.url}/healthz`);
      if (!response.ok) throw new Error(`healthz: HTTP ${response.status}`);
      await response.arrayBuffer();
    }),
  );
}

async function main(): Promise<void> {
  const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const a = await startHotline('Bench A', 'NL', DEFAULTS);
  const b = await startHotline('Bench B', 'CZ', DEFAULTS);
  try {
    await makePartners(a, b);
    console.log(`exchange between two local instances on ${engine}, ${MESSAGES} messages, ${CONCURRENCY} at a time`);
    console.log(`  ceiling: B's /healthz            ${await ceiling(b)}`);
    console.log(`  received: signed, verified, applied ${await received(b)}`);
    console.log(`  delivered: A's outbox to B        ${await delivered(a, b)}`);
  } finally {
    await a.destroy();
    await b.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
