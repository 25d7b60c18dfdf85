/**
 * npm run bench:notices — 10,000 illegal items across 1,000 recipients (each
 * provider in the directory owns one /24), routed and sent as notices to a
 * local SMTP server: items per second from the assessment to the accepted
 * mail, and memory. Routing runs as its jobs do (batches of ROUTING_BATCH
 * items, four at a time), sending eight notices at a time. Every recipient
 * must get exactly one message for all its items (NOTICE_BATCH_WINDOW at its
 * default, NOTICE_DELAY 0s): the run fails otherwise. The ceiling in the same
 * run: the same mailer sending the same number of ready-made messages to the
 * same server.
 *
 * PGlite in a fresh folder, or DATABASE_URL (a scratch database is made and dropped).
 * BENCH_ITEMS and BENCH_RECIPIENTS change the sizes.
 */
import { randomUUID } from 'node:crypto';
import { inParallel } from '../src/jobs/in-parallel.js';
import { sql } from 'kysely';
import { loadConfig } from '../src/config/config.js';
import { DEFAULT_CATEGORIES } from '../src/domain/categories.js';
import { composeNoticeEmail } from '../src/notices/email.js';
import { SEND_BATCH } from '../src/notices/jobs.js';
import { sendNotices, type SenderDeps } from '../src/notices/send.js';
import { createNoticeMailer } from '../src/notices/smtp.js';
import { addDirectoryProvider } from '../src/providers/directory.js';
import { ROUTING_BATCH } from '../src/routing/jobs.js';
import { rerouteIfMoved } from '../src/routing/retrace.js';
import { routeItems } from '../src/routing/route-item.js';
import { routingDeps } from '../src/server/takedown.js';
import { noticeInput, noticeItem } from '../src/test-support/notices.js';
import { providerEntry } from '../src/test-support/providers.js';
import { startSmtpServer } from '../src/test-support/smtp-server.js';
import { IpData } from '../src/trace/ip-data.js';
import { traceHosts } from '../src/triage/triage.js';
import { benchDatabase } from './support/database.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 1_000);
/** As the routing and sending jobs' workers: four batches at a time each; the ceiling sends eight messages at a time. */
const WORKERS = 4;
const RAW_SENDERS = 8;

const inBatches = <T>(elements: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(elements.length / size) }, (_, n) => elements.slice(n * size, (n + 1) * size));

const addressOf = (recipient: number, item: number) => `10.${recipient >> 8}.${recipient & 255}.${1 + (item % 250)}`;

async function main(): Promise<void> {
  const database = await benchDatabase();
  const db = database.db;
  const smtp = await startSmtpServer();
  const mailer = createNoticeMailer(smtp.url);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

  // The directory, and the items as assessment leaves them: illegal, with a trace and an analyst's classification.
  for (let recipient = 0; recipient < RECIPIENTS; recipient += 1) {
    await addDirectoryProvider(db, providerEntry({ name: `Provider ${recipient}`, cidrs: [`10.${recipient >> 8}.${recipient & 255}.0/24`], abuseEmails: [`abuse@provider-${recipient}.example`] }));
  }
  const items = Array.from({ length: ITEMS }, (_, n) => ({ id: randomUUID(), recipient: n % RECIPIENTS, n }));
  for (let start = 0; start < items.length; start += 1000) {
    const batch = items.slice(start, start + 1000);
    await db.insertInto('content_items').values(batch.map(({ id, recipient, n }) => ({ id, normalized_url: `http://${addressOf(recipient, n)}/item-${n}.html`, host: addressOf(recipient, n), status: 'illegal', category: 'csam' }))).execute();
    await db.insertInto('item_traces').values(batch.map(({ id, recipient, n }) => ({ item_id: id, host: addressOf(recipient, n), country: null, addresses: JSON.stringify([{ address: addressOf(recipient, n), family: 4, isPublic: false, country: null, network: null }]), error: null }))).execute();
    await db.insertInto('assessments').values(batch.map(({ id }) => ({ item_id: id, analyst_id: null, automatic: true, outcome: 'illegal', category: 'csam', classification: JSON.stringify({ legalBasis: 'baseline' }), note: null, kind: 'decision' }))).execute();
  }

  const config = loadConfig({ NOTICE_DELAY: '0s' });
  const notices = new Set<string>();
  const routing = routingDeps(config, db, { rdap: undefined, scheduleNotices: async (queued) => queued.forEach((notice) => notices.add(notice.id)) });
  const ipData = IpData.open();
  await ipData;
  const trace = { db, ipData: () => ipData };
  const sender: SenderDeps = {
    db,
    mailer,
    hotline: { name: 'Bench Hotline', email: 'notices@hotline.example', country: 'NL' },
    publicBaseUrl: 'https://hotline.example',
    pageKey: Buffer.alloc(32, 7),
    categories: DEFAULT_CATEGORIES,
    retryMaxMs: 600_000,
    rerouteIfMoved: (itemIds) => rerouteIfMoved(routing, (itemsOn) => traceHosts(trace, itemsOn), itemIds),
    schedule: async () => {},
  };

  const started = performance.now();
  await inParallel(inBatches(items, ROUTING_BATCH), WORKERS, (batch) => routeItems(routing, batch.map((item) => ({ itemId: item.id, change: { event: 'routed', actor: null } }))));
  const routed = performance.now();
  await inParallel(inBatches([...notices], SEND_BATCH), WORKERS, (batch) => sendNotices(sender, batch));
  const sent = performance.now();
  const messagesTo = new Map<string, number>();
  for (const mail of smtp.received) for (const recipient of mail.to) messagesTo.set(recipient, (messagesTo.get(recipient) ?? 0) + 1);
  const perRecipient = new Set(messagesTo.values());
  const accepted = await db.selectFrom('notice_items').innerJoin('notices', 'notices.id', 'notice_items.notice_id').select(sql<string>`count(*)`.as('n')).where('notices.state', '=', 'sent').executeTakeFirstOrThrow();

  // The ceiling: the same mailer and server, messages composed beforehand, as many as there were notices.
  const perMessage = Math.max(1, Math.round(ITEMS / notices.size));
  const ready = Array.from({ length: notices.size }, (_, n) =>
    composeNoticeEmail(noticeInput({ reference: `OH-BENCH-${n}`, items: Array.from({ length: perMessage }, (_, i) => noticeItem({ itemRef: `IT-${n}-${i}`, url: `http://10.0.0.${i}/item-${n}-${i}.html` })) })),
  );
  const ceilingStarted = performance.now();
  let serial = 0;
  await inParallel(ready, RAW_SENDERS, (mail) => mailer.send(mail, `bench-${serial++}`));
  const ceilingSeconds = (performance.now() - ceilingStarted) / 1000;
  clearInterval(sampler);

  const seconds = (sent - started) / 1000;
  const itemsPerSecond = ITEMS / seconds;
  const ceilingItemsPerSecond = (ready.length * perMessage) / ceilingSeconds;
  console.table([
    {
      engine: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      items: ITEMS,
      messages: notices.size,
      recipients: messagesTo.size,
      'messages per recipient': [...perRecipient].join(', '),
      'items accepted by SMTP': Number(accepted.n),
      'routing (s)': ((routed - started) / 1000).toFixed(1),
      'sending (s)': ((sent - routed) / 1000).toFixed(1),
      'items/s': Math.round(itemsPerSecond),
      'raw sends/s (ceiling)': Math.round(ready.length / ceilingSeconds),
      'items/s as % of ceiling': `${((100 * itemsPerSecond) / ceilingItemsPerSecond).toFixed(1)} %`,
      'peak RSS (MiB)': Math.round(peakRss / 2 ** 20),
    },
  ]);
  mailer.close();
  await smtp.close();
  await database.close();
  if (messagesTo.size !== RECIPIENTS || perRecipient.size !== 1 || !perRecipient.has(1)) throw new Error(`expected exactly one message for each of ${RECIPIENTS} recipients`);
}

await main();
