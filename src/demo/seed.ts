import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { buildAllAtNextRefresh } from '../stats/refresh.js';
import { demoProviders, type DemoProvider } from './providers.js';
import { planItems } from './plan.js';
import { insertItemRows, insertMonitoringRows, insertNoticeRows } from './rows.js';

export interface SeedOptions {
  items: number;
  /** The items are reported over this many days before `now`. */
  days: number;
  now?: Date;
  hotlineCountry?: string;
  /** Seed even though the database holds reports not made by the seed. */
  force?: boolean;
  /** Items per transaction. */
  chunkSize?: number;
  /** Draws the same data on every run (tests); a fresh draw when absent. */
  randomSeed?: number;
  onProgress?: (seeded: number, total: number) => void;
}

export interface SeedOutcome {
  items: number;
  checks: number;
  providers: number;
}

export class RealReportsPresent extends Error {
  constructor(readonly reports: number) {
    super(`the database holds ${reports} reports not made by the demo seed; seed it anyway only with --force`);
    this.name = 'RealReportsPresent';
  }
}

const DEMO_ANALYSTS = 6;
const DEFAULT_CHUNK = 10_000;

/**
 * Fills the database with synthetic, benign items and everything that follows
 * them (assessments, routing, notices, removals, monitoring), in chunks of
 * set-based statements, one transaction each. Refuses a database that holds
 * reports made otherwise (real ones) unless forced.
 */
export async function seedDemoData(db: Kysely<Database>, options: SeedOptions): Promise<SeedOutcome> {
  const real = await realReportCount(db);
  if (real > 0 && !options.force) throw new RealReportsPresent(real);
  const now = options.now ?? new Date();
  const providers = demoProviders(options.hotlineCountry ?? 'NL');
  const context: SeedContext = {
    now,
    days: options.days,
    run: randomBytes(4).toString('hex'),
    providers: await storeProviders(db, providers),
    analysts: await storeAnalysts(db),
  };
  const chunk = options.chunkSize ?? DEFAULT_CHUNK;
  let checks = 0;
  for (let start = 1; start <= options.items; start += chunk) {
    const end = Math.min(options.items, start + chunk - 1);
    checks += await db.transaction().execute(async (trx) => {
      if (options.randomSeed !== undefined) await sql`SELECT setseed(${((options.randomSeed + start) % 1000) / 1000})`.execute(trx);
      return seedChunk(trx, context, start, end);
    });
    options.onProgress?.(end, options.items);
  }
  // So many new rows at once: the planner must know of them before anyone reads them (the embedded engine has no autovacuum to tell it).
  await sql`ANALYZE`.execute(db);
  // The seed writes history, which a refresh looking for recent changes would miss: the next one builds the statistics anew.
  await buildAllAtNextRefresh(db);
  return { items: options.items, checks, providers: providers.length };
}

export async function realReportCount(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('reports').select((eb) => eb.fn.countAll<number>().as('count')).where('demo', '=', false).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The seed's providers as stored, with their directory ids. */
export type StoredProvider = DemoProvider & { id: number };

export interface SeedContext {
  now: Date;
  days: number;
  /** Part of every demo URL, so that a second seed never meets the first's open items. */
  run: string;
  providers: StoredProvider[];
  analysts: { id: string; email: string }[];
}

async function seedChunk(trx: Transaction<Database>, context: SeedContext, start: number, end: number): Promise<number> {
  await planItems(trx, context, start, end);
  await insertItemRows(trx, context);
  await insertNoticeRows(trx);
  const checks = await insertMonitoringRows(trx, context);
  await sql`DROP TABLE demo_plan`.execute(trx);
  return checks;
}

async function storeProviders(db: Kysely<Database>, providers: DemoProvider[]): Promise<StoredProvider[]> {
  await db
    .insertInto('providers')
    .values(
      providers.map((provider) => ({
        name: provider.name,
        kind: provider.kind,
        country: provider.country,
        cidrs: provider.cidrs,
        asns: [provider.asn],
        domains: [provider.domain],
        abuse_emails: [`abuse@${provider.domain}`],
        language: provider.language,
        deadline_seconds: provider.deadlineSeconds,
        dsa: provider.kind === 'platform',
      })),
    )
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const rows = await db.selectFrom('providers').select(['id', 'name']).where('name', 'in', providers.map((provider) => provider.name)).execute();
  const ids = new Map(rows.map((row) => [row.name, row.id]));
  return providers.map((provider) => ({ ...provider, id: ids.get(provider.name)! }));
}

/** Analysts whose names the demo assessments carry; inactive, so nobody can sign in as them. */
async function storeAnalysts(db: Kysely<Database>): Promise<{ id: string; email: string }[]> {
  const emails = Array.from({ length: DEMO_ANALYSTS }, (_, index) => `analyst-${index + 1}@demo.example`);
  await db
    .insertInto('users')
    .values(emails.map((email) => ({ email, role: 'analyst' as const, password_hash: '!demo', active: false })))
    .onConflict((conflict) => conflict.column('email').doNothing())
    .execute();
  return db.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).orderBy('email').execute();
}
