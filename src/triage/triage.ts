import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { canTake } from '../domain/item-lifecycle.js';
import { hashImageBuffer } from '../hashing/hash-file.js';
import type { HashQuery } from '../hashlists/match-index.js';
import type { HashMatcher } from '../hashlists/matcher.js';
import { changeItemStatus, recordHostingCountries } from '../items/lifecycle-store.js';
import type { FetchOutcome, SafeFetcher } from '../outbound/safe-fetch.js';
import type { Cipher } from '../privacy/cipher.js';
import { hostingCountryOf, traceHost, type HostAddress, type Resolve } from '../trace/hosting.js';
import type { IpData } from '../trace/ip-data.js';
import { inParallel } from '../jobs/in-parallel.js';
import { knownMediaOf } from './known-media.js';
import { mediaReferences } from './media-references.js';
import { mediaTypeOf, type MediaType } from './media-type.js';

/**
 * Triage: the automatic work on a new item before any analyst looks at it.
 * Trace where its host is, fetch its address (does the link work?), capture the
 * images and videos it shows, hash them and match them against the hash lists,
 * so that known material carries its earlier classification and nobody has to
 * look at it again. Then the item is triaged.
 */
export interface TriageDeps {
  db: Kysely<Database>;
  cipher: Cipher;
  fetcher: SafeFetcher;
  matcher: HashMatcher;
  ipData: () => Promise<IpData>;
  maxMedia: number;
  /** Time allowed for fetching a page's media, after which the rest is left out. */
  captureBudgetMs: number;
  resolve?: Resolve;
  /** Runs once an item is triaged, e.g. to assess known material (AUTO_ASSESS_KNOWN). */
  afterTriage?: (itemId: string) => Promise<void>;
}

export interface TriageSummary {
  itemId: string;
  skipped?: 'not_waiting';
  country?: string | null;
  httpStatus?: number | null;
  media?: number;
  known?: number;
}

/** Context that binds a sealed file to its item and content, so it cannot be moved to another row. */
export const mediaContext = (itemId: string, sha256: string) => `media:${itemId}:${sha256}`;

export async function triageItem(deps: TriageDeps, itemId: string): Promise<TriageSummary> {
  const item = await deps.db.selectFrom('content_items').select(['normalized_url', 'host', 'status']).where('id', '=', itemId).executeTakeFirst();
  if (!item || !canTake(item.status, 'triage_completed')) return { itemId, skipped: 'not_waiting' };
  const { country } = await traceItem(deps, itemId, item.host);
  const page = await deps.fetcher.fetch(item.normalized_url);
  await recordCheck(deps.db, itemId, page);
  if (page.ok && page.status < 300) await capture(deps, itemId, { url: page.hops.at(-1)!, body: page.body });
  const httpStatus = page.ok ? page.status : null;
  const captured = await deps.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('content_items').select('status').where('id', '=', itemId).forUpdate().executeTakeFirstOrThrow();
    const counted = await capturedCounts(trx, itemId);
    if (!canTake(current.status, 'triage_completed')) return counted;
    const detail = { httpStatus, failure: page.ok ? null : page.failure, ...counted };
    await changeItemStatus(trx, { itemId, event: 'triage_completed', actor: null, detail });
    return counted;
  });
  await deps.afterTriage?.(itemId);
  return { itemId, country, httpStatus, ...captured };
}

/**
 * What is captured of the item, counted where it is stored: an attempt that
 * died part-way (its worker killed, its time limit passed) has already stored
 * some of the files that the attempt completing triage then finds there.
 */
async function capturedCounts(trx: Transaction<Database>, itemId: string): Promise<{ media: number; known: number }> {
  const { media, known } = await trx
    .selectFrom('captured_media')
    .select((eb) => [eb.fn.countAll<string>().as('media'), eb.fn.count<string>('known').as('known')])
    .where('item_id', '=', itemId)
    .executeTakeFirstOrThrow();
  return { media: Number(media), known: Number(known) };
}

/** What tracing needs: the database, the IP data and how names are resolved. */
export type TraceDeps = Pick<TriageDeps, 'db' | 'ipData' | 'resolve'>;

export type TraceResult = { country: string | null; addresses: HostAddress[] };

/** Traces an item's host now and records it: the addresses, their networks and the hosting country. */
export async function traceItem(deps: TraceDeps, itemId: string, host: string): Promise<TraceResult> {
  return (await traceHosts(deps, new Map([[host, [itemId]]])))[0]!;
}

/** Hosts resolved at a time: enough to overlap DNS waits, few enough to spare the resolver. */
const TRACE_CONCURRENCY = 8;

/**
 * Traces each host once, several at a time, and records the result for every
 * item on it, all in one transaction. The results in the order of `itemsOn`.
 */
export async function traceHosts(deps: TraceDeps, itemsOn: ReadonlyMap<string, readonly string[]>): Promise<TraceResult[]> {
  const ipData = await deps.ipData();
  const hosts = [...itemsOn.keys()];
  const results = new Map<string, Awaited<ReturnType<typeof traceHost>>>();
  await inParallel(hosts, TRACE_CONCURRENCY, async (host) => void results.set(host, await traceHost(host, ipData, deps.resolve)));
  const traces = hosts.map((host) => {
    const result = results.get(host)!;
    const addresses = result.ok ? result.addresses : [];
    const networks = [...new Set(addresses.flatMap((address) => (address.network ? [`AS${address.network.asn} ${address.network.organisation}`] : [])))];
    return { host, result, addresses, country: hostingCountryOf(addresses), networks };
  });
  await deps.db.transaction().execute(async (trx) => {
    const rows = traces.flatMap(({ host, result, addresses, country }) =>
      itemsOn.get(host)!.map((itemId) => ({ item_id: itemId, host, country, addresses: JSON.stringify(addresses), error: result.ok ? null : result.error })),
    );
    if (rows.length > 0) await trx.insertInto('item_traces').values(rows).execute();
    await recordHostingCountries(
      trx,
      traces.flatMap(({ host, result, country, networks }) => itemsOn.get(host)!.map((itemId) => ({ itemId, country, detail: { country, networks, ...(result.ok ? {} : { error: result.error }) } }))),
    );
  });
  return traces.map(({ country, addresses }) => ({ country, addresses }));
}

async function recordCheck(db: Kysely<Database>, itemId: string, outcome: FetchOutcome): Promise<void> {
  await db
    .insertInto('item_checks')
    .values({
      item_id: itemId,
      hops: JSON.stringify(outcome.hops),
      http_status: outcome.ok ? outcome.status : null,
      content_type: outcome.ok ? outcome.contentType : null,
      failure: outcome.ok ? null : outcome.failure,
      message: outcome.ok ? null : outcome.message,
    })
    .execute();
}

export interface Fetched {
  url: string;
  body: Buffer;
}

/** How media are looked for: the careful fetcher, at most so many files, within a time budget. */
export type MediaSearch = Pick<TriageDeps, 'fetcher' | 'maxMedia' | 'captureBudgetMs'>;

export interface MediaVisitor {
  /** A fetched image or video; answers true when it has seen enough. */
  found(file: Fetched, type: MediaType): Promise<boolean>;
  /** A file the page shows that could not be fetched, or answered other than 2xx. */
  failed?(url: string, outcome: FetchOutcome): void;
}

/**
 * The page itself when it is an image or video; else what it shows or links
 * to, each fetched the same careful way. Returns false when files were left
 * out because the time budget ran out.
 */
export async function visitMedia(search: MediaSearch, page: Fetched, visitor: MediaVisitor): Promise<boolean> {
  const pageType = await mediaTypeOf(page.body);
  if (pageType) {
    await visitor.found(page, pageType);
    return true;
  }
  const deadline = Date.now() + search.captureBudgetMs;
  for (const reference of mediaReferences(page.body.toString('utf8'), page.url, search.maxMedia)) {
    if (Date.now() > deadline) return false;
    const file = await search.fetcher.fetch(reference);
    if (!file.ok || file.status >= 300) {
      visitor.failed?.(reference, file);
      continue;
    }
    const type = await mediaTypeOf(file.body);
    if (type && (await visitor.found({ url: reference, body: file.body }, type))) return true;
  }
  return true;
}

async function capture(deps: TriageDeps, itemId: string, page: Fetched): Promise<void> {
  const keepEvery = async (file: Fetched, type: MediaType) => {
    await storeMedia(deps, itemId, file, type);
    return false;
  };
  await visitMedia(deps, page, { found: keepEvery });
}

/** Stores a captured file once per item: a second attempt at the same item finds it there and leaves it. */
async function storeMedia(deps: TriageDeps, itemId: string, file: Fetched, type: MediaType): Promise<void> {
  const hashes = await hashImageBuffer(file.body);
  const known = knownMediaOf(deps.matcher.match(queriesOf(hashes), { purpose: 'triage' }));
  await deps.db
    .insertInto('captured_media')
    .values({
      item_id: itemId,
      source_url: file.url,
      kind: type.kind,
      media_type: type.mediaType,
      byte_length: file.body.length,
      md5: hashes.md5,
      sha1: hashes.sha1,
      sha256: hashes.sha256,
      pdq: type.kind === 'image' ? hashes.pdq : null,
      pdq_quality: type.kind === 'image' ? hashes.quality : null,
      known: known ? JSON.stringify(known) : null,
      sealed: deps.cipher.seal(file.body, mediaContext(itemId, hashes.sha256)),
    })
    .onConflict((conflict) => conflict.columns(['item_id', 'sha256']).doNothing())
    .execute();
}

function queriesOf(hashes: Awaited<ReturnType<typeof hashImageBuffer>>): HashQuery[] {
  const queries: HashQuery[] = [
    { type: 'md5', value: hashes.md5 },
    { type: 'sha1', value: hashes.sha1 },
    { type: 'sha256', value: hashes.sha256 },
  ];
  if (hashes.pdq) queries.push({ type: 'pdq', value: hashes.pdq, quality: hashes.quality });
  return queries;
}
