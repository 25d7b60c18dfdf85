import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Locale } from '../config/config.js';
import type { Database } from '../db/schema.js';
import { canonicalCidr, entryProblems, mayClaim, type DirectoryProvider, type ProviderEntry } from '../domain/providers.js';
import type { ProvidersTable } from './tables.js';

/** The provider directory's rows: entries, their changes and the entries a traced item may belong to. */
type Executor = Kysely<Database> | Transaction<Database>;

export class ProviderInputError extends Error {
  constructor(readonly problems: { field: keyof ProviderEntry; message: string }[]) {
    super(problems.map((problem) => problem.message).join('; '));
    this.name = 'ProviderInputError';
  }
}

function providerOf(row: Selectable<ProvidersTable>): DirectoryProvider {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    country: row.country,
    cidrs: row.cidrs,
    asns: row.asns.map(Number),
    domains: row.domains,
    abuseEmails: row.abuse_emails,
    language: row.language as Locale | null,
    deadlineMs: row.deadline_seconds === null ? null : row.deadline_seconds * 1000,
    dsa: row.dsa,
  };
}

/** An entry as it will be stored: trimmed, lower-cased where case means nothing, ranges canonical, nothing twice. */
function normalised(entry: ProviderEntry): ProviderEntry {
  const unique = (values: string[]) => [...new Set(values)];
  return {
    ...entry,
    name: entry.name.trim(),
    country: entry.country?.trim().toUpperCase() || null,
    cidrs: unique(entry.cidrs.map((cidr) => canonicalCidr(cidr) ?? cidr.trim())),
    asns: [...new Set(entry.asns)],
    domains: unique(entry.domains.map((domain) => domain.trim().toLowerCase().replace(/\.$/, ''))),
    abuseEmails: unique(entry.abuseEmails.map((email) => email.trim())),
  };
}

function columnsOf(entry: ProviderEntry) {
  return {
    name: entry.name,
    kind: entry.kind,
    country: entry.country,
    cidrs: entry.cidrs,
    asns: entry.asns,
    domains: entry.domains,
    abuse_emails: entry.abuseEmails,
    language: entry.language,
    deadline_seconds: entry.deadlineMs === null ? null : Math.round(entry.deadlineMs / 1000),
    dsa: entry.dsa,
  };
}

function checked(entry: ProviderEntry): ProviderEntry {
  const clean = normalised(entry);
  const problems = entryProblems(clean);
  if (problems.length > 0) throw new ProviderInputError(problems);
  return clean;
}

export async function addDirectoryProvider(db: Executor, entry: ProviderEntry): Promise<DirectoryProvider> {
  const clean = checked(entry);
  const row = await db
    .insertInto('providers')
    .values(columnsOf(clean))
    .onConflict((conflict) => conflict.column('name').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new ProviderInputError([{ field: 'name', message: `a provider named ${JSON.stringify(clean.name)} exists already` }]);
  return providerOf(row);
}

/** Replaces an entry's fields with `changes`; what is not given stays. */
export async function updateDirectoryProvider(db: Executor, name: string, changes: Partial<ProviderEntry>): Promise<DirectoryProvider> {
  const current = await providerByName(db, name);
  if (!current) throw new ProviderInputError([{ field: 'name', message: `no provider is named ${JSON.stringify(name.trim())}` }]);
  const { id, ...entry } = current;
  const clean = checked({ ...entry, ...changes });
  const row = await db
    .updateTable('providers')
    .set({ ...columnsOf(clean), updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return providerOf(row);
}

export async function providerByName(db: Executor, name: string): Promise<DirectoryProvider | undefined> {
  const row = await db.selectFrom('providers').selectAll().where('name', '=', name.trim()).executeTakeFirst();
  return row && providerOf(row);
}

export async function providerById(db: Executor, id: number): Promise<DirectoryProvider | undefined> {
  const row = await db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && providerOf(row);
}

export async function listDirectory(db: Executor): Promise<DirectoryProvider[]> {
  return (await db.selectFrom('providers').selectAll().orderBy('name').execute()).map(providerOf);
}

/**
 * The entry of this name, created as a bare hosting entry (no country or
 * contacts yet) when there is none: how a HashCheck account finds its provider.
 */
export async function ensureDirectoryProvider(trx: Transaction<Database>, name: string): Promise<DirectoryProvider> {
  const existing = await providerByName(trx, name);
  if (existing) return existing;
  return addDirectoryProvider(trx, { name, kind: 'hosting', country: null, cidrs: [], asns: [], domains: [], abuseEmails: [], language: null, deadlineMs: null, dsa: false });
}

/**
 * Entries that may claim traced items: a range holding one of their addresses,
 * one of their AS numbers, or a domain one of their hosts is in. The exact
 * choice among them is the pure attribution's (src/domain/providers.ts), so
 * one look-up serves many items. A hotline's directory is small (hundreds to
 * a few thousand entries): it is read whole and matched here, each range
 * parsed once, rather than compared range by range in SQL for every address.
 */
export async function directoryCandidates(db: Executor, hosts: readonly string[], addresses: readonly string[], asns: readonly number[]): Promise<DirectoryProvider[]> {
  const rows = await db.selectFrom('providers').selectAll().execute();
  return mayClaim(rows.map(providerOf), { hosts, addresses, asns });
}
