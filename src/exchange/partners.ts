import type { KeyObject } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { keyIdOf } from './identity.js';
import { parsePublicKey } from './signing.js';

/**
 * The partner directory: the hotlines this one exchanges with, one enabled per
 * country, each known by the key(s) it signs with — two while it rotates.
 */
type Executor = Kysely<Database> | Transaction<Database>;

/** Keys a partner may hold at once: the current one and the one it rotates to. */
export const MAX_KEYS_PER_PARTNER = 2;

export class PartnerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PartnerInputError';
  }
}

export interface PartnerEntry {
  name: string;
  country: string;
  baseUrl: string;
  publicKey: string;
  keyId?: string | undefined;
}

export interface Partner {
  id: number;
  name: string;
  country: string;
  baseUrl: string;
  enabled: boolean;
  keyIds: string[];
}

function checkedEntry(entry: PartnerEntry): { name: string; country: string; baseUrl: string; publicKeyPem: string; keyId: string } {
  const name = entry.name.trim();
  if (name.length < 1 || name.length > 200) throw new PartnerInputError('the name must have 1 to 200 characters');
  const country = entry.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country) || country === 'UK') throw new PartnerInputError('the country must be an ISO 3166-1 alpha-2 code such as CZ');
  const url = URL.canParse(entry.baseUrl) ? new URL(entry.baseUrl) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol)) throw new PartnerInputError('the URL must be the partner’s base URL, such as https://hotline.example.cz');
  let key: KeyObject;
  try {
    key = parsePublicKey(entry.publicKey);
  } catch (error) {
    throw new PartnerInputError(`the public key cannot be read (an Ed25519 key as SPKI PEM or 32 bytes in base64): ${(error as Error).message}`);
  }
  const keyId = entry.keyId?.trim() || keyIdOf(key);
  if (keyId.length > 200) throw new PartnerInputError('the key id must have at most 200 characters');
  return { name, country, baseUrl: url.origin + url.pathname.replace(/\/$/, ''), publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(), keyId };
}

/**
 * Adds a partner, or a key to a partner of that name (rotation): the newest
 * two keys are kept. The partner is enabled; another enabled partner for the
 * same country is refused.
 */
export async function addPartner(db: Kysely<Database>, entry: PartnerEntry): Promise<Partner> {
  const checked = checkedEntry(entry);
  return db.transaction().execute(async (trx) => {
    const owner = await trx.selectFrom('partner_keys').select('partner_id').where('key_id', '=', checked.keyId).executeTakeFirst();
    let partner = await trx.selectFrom('partners').select(['id', 'country']).where('name', '=', checked.name).forUpdate().executeTakeFirst();
    if (owner && owner.partner_id !== partner?.id) throw new PartnerInputError(`the key ${checked.keyId} belongs to another partner`);
    const sameCountry = await trx.selectFrom('partners').select('name').where('country', '=', checked.country).where('enabled', '=', true).where('name', '<>', checked.name).executeTakeFirst();
    if (sameCountry) throw new PartnerInputError(`${sameCountry.name} is already the enabled partner for ${checked.country}; disable it first`);
    if (partner) {
      await trx.updateTable('partners').set({ country: checked.country, base_url: checked.baseUrl, enabled: true, updated_at: new Date() }).where('id', '=', partner.id).execute();
    } else {
      partner = await trx.insertInto('partners').values({ name: checked.name, country: checked.country, base_url: checked.baseUrl }).returning(['id', 'country']).executeTakeFirstOrThrow();
    }
    if (!owner) await trx.insertInto('partner_keys').values({ key_id: checked.keyId, partner_id: partner.id, public_key: checked.publicKeyPem }).execute();
    await keepNewestKeys(trx, partner.id);
    return (await partnerByName(trx, checked.name))!;
  });
}

async function keepNewestKeys(trx: Transaction<Database>, partnerId: number): Promise<void> {
  const keys = await trx.selectFrom('partner_keys').select('key_id').where('partner_id', '=', partnerId).orderBy('added_at', 'desc').orderBy('key_id').execute();
  const older = keys.slice(MAX_KEYS_PER_PARTNER).map((key) => key.key_id);
  if (older.length > 0) await trx.deleteFrom('partner_keys').where('key_id', 'in', older).execute();
}

export async function disablePartner(db: Executor, name: string): Promise<Partner> {
  const row = await db.updateTable('partners').set({ enabled: false, updated_at: new Date() }).where('name', '=', name).returning('name').executeTakeFirst();
  if (!row) throw new PartnerInputError(`no partner is named ${JSON.stringify(name)}`);
  return (await partnerByName(db, name))!;
}

export async function listPartners(db: Executor): Promise<Partner[]> {
  const rows = await db.selectFrom('partners').select(['id', 'name', 'country', 'base_url', 'enabled']).orderBy('country').orderBy('name').execute();
  const keys = await db.selectFrom('partner_keys').select(['partner_id', 'key_id']).orderBy('added_at').execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    country: row.country,
    baseUrl: row.base_url,
    enabled: row.enabled,
    keyIds: keys.filter((key) => key.partner_id === row.id).map((key) => key.key_id),
  }));
}

export async function partnerByName(db: Executor, name: string): Promise<Partner | undefined> {
  return (await listPartners(db)).find((partner) => partner.name === name);
}

/** The enabled partner a key belongs to, with the key, for verifying a message. */
export async function partnerKey(db: Executor, keyId: string): Promise<{ partnerId: number; partnerName: string; publicKey: KeyObject } | undefined> {
  const row = await db
    .selectFrom('partner_keys')
    .innerJoin('partners', 'partners.id', 'partner_keys.partner_id')
    .select(['partners.id', 'partners.name', 'partner_keys.public_key'])
    .where('partner_keys.key_id', '=', keyId)
    .where('partners.enabled', '=', true)
    .executeTakeFirst();
  return row && { partnerId: row.id, partnerName: row.name, publicKey: parsePublicKey(row.public_key) };
}

/** Countries with an enabled partner: routing forwards content hosted there. */
export async function enabledPartnerCountries(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('partners').select('country').where('enabled', '=', true).execute();
  return rows.map((row) => row.country);
}

export async function enabledPartnerFor(db: Executor, country: string): Promise<{ id: number; name: string } | undefined> {
  return db.selectFrom('partners').select(['id', 'name']).where('country', '=', country).where('enabled', '=', true).executeTakeFirst();
}

/** What partners reported of an item, for its page. */
export async function partnerReportsOfItem(db: Executor, itemId: string) {
  return db
    .selectFrom('partner_reports')
    .innerJoin('report_items', 'report_items.report_id', 'partner_reports.report_id')
    .innerJoin('partners', 'partners.id', 'partner_reports.partner_id')
    .select(['partners.name as partner', 'partner_reports.reference', 'partner_reports.message'])
    .where('report_items.item_id', '=', itemId)
    .orderBy('partner_reports.report_id')
    .execute();
}
