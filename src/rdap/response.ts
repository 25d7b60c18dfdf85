import ipaddr from 'ipaddr.js';
import type { RdapEntityContact, RdapNetworkAnswer } from './index.js';

/**
 * Reading RDAP responses (RFC 9083): the entities of an object, however deeply
 * nested, their jCard (RFC 7095) names and e-mail addresses, and the facts of
 * IP networks and domains. Registries differ in detail (ARIN nests the abuse
 * contact inside the registrant, RIPE NCC lists it beside it, registries put
 * the registrar's abuse contact inside the registrar entity); this reads them all.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asString = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

// Texts registries put where personal data was withheld (RFC 9537 placeholders, ICANN's
// "Please query the RDDS service of the Registrar of Record…", "REDACTED FOR PRIVACY").
const WITHHELD = /redacted|withheld|privacy|please query|not disclosed|data protected|non-public/i;
const EMAIL = /^[^\s@*]+@[^\s@*]+\.[^\s@*.]+$/;

/** An e-mail address that can be written to: not empty, not masked, not a placeholder text. */
export function usableEmail(value: string): boolean {
  return EMAIL.test(value) && !WITHHELD.test(value);
}

const usableName = (value: string | undefined): string | undefined => (value !== undefined && !WITHHELD.test(value) ? value : undefined);

/** The jCard properties of an entity: [name, parameters, type, value] rows. */
function vcardProperties(entity: Json): unknown[][] {
  const card = asArray(entity.vcardArray);
  if (card[0] !== 'vcard') return [];
  return asArray(card[1]).filter(Array.isArray);
}

function vcardText(entity: Json, property: string): string | undefined {
  const row = vcardProperties(entity).find((candidate) => typeof candidate[0] === 'string' && candidate[0].toLowerCase() === property);
  return asString(row?.[3]);
}

function vcardEmails(entity: Json): string[] {
  return vcardProperties(entity)
    .filter((row) => typeof row[0] === 'string' && row[0].toLowerCase() === 'email')
    .map((row) => asString(row[3]))
    .filter((email): email is string => email !== undefined && usableEmail(email));
}

function rolesOf(entity: Json): string[] {
  return asArray(entity.roles)
    .filter((role): role is string => typeof role === 'string')
    .map((role) => role.toLowerCase());
}

export function contactOf(entity: Json): RdapEntityContact {
  const handle = usableName(asString(entity.handle));
  const name = usableName(vcardText(entity, 'fn') ?? vcardText(entity, 'org'));
  return { ...(handle && { handle }), ...(name && { name }), roles: rolesOf(entity), emails: unique(vcardEmails(entity)) };
}

/** Every entity of the object, depth first, the nested ones after the one holding them. */
function allEntities(object: Json): Json[] {
  const found: Json[] = [];
  const visit = (holder: Json, depth: number) => {
    if (depth > 8) return; // a malformed answer must not recurse without end
    for (const entity of asArray(holder.entities).filter(isObject)) {
      found.push(entity);
      visit(entity, depth + 1);
    }
  };
  visit(object, 0);
  return found;
}

/** The contacts whose roles include `abuse`, at any depth under the object. */
export function abuseContacts(object: Json): RdapEntityContact[] {
  return allEntities(object)
    .filter((entity) => rolesOf(entity).includes('abuse'))
    .map(contactOf);
}

/** The usable e-mail addresses of the abuse contacts, each once (compared without case). */
export function abuseEmails(object: Json): string[] {
  return unique(abuseContacts(object).flatMap((contact) => contact.emails));
}

export function unique(emails: readonly string[]): string[] {
  const seen = new Set<string>();
  return emails.filter((email) => {
    const key = email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export class UnexpectedResponse extends Error {}

export function parseJsonObject(body: Buffer): Json {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new UnexpectedResponse('the answer is not JSON');
  }
  if (!isObject(value)) throw new UnexpectedResponse('the answer is not a JSON object');
  return value;
}

function expectClass(object: Json, objectClassName: string): void {
  const actual = object.objectClassName;
  // Some older servers leave the class out; a different class is a wrong answer.
  if (actual !== undefined && actual !== objectClassName) throw new UnexpectedResponse(`expected an ${objectClassName} object, got ${JSON.stringify(actual)}`);
}

export type NetworkFacts = Omit<Extract<RdapNetworkAnswer, { found: true }>, 'found' | 'source'>;

/** The facts of an `ip network` object. */
export function networkFacts(object: Json): NetworkFacts {
  expectClass(object, 'ip network');
  const startAddress = bareAddress(asString(object.startAddress));
  const endAddress = bareAddress(asString(object.endAddress));
  const country = asString(object.country)?.toUpperCase();
  const handle = asString(object.handle);
  const name = asString(object.name);
  const holder = holderOf(object);
  const parentHandle = asString(object.parentHandle);
  const upLink = rdapLink(object, 'up');
  return {
    ...(handle && { handle }),
    ...(name && { name }),
    ...(country && /^[A-Z]{2}$/.test(country) && { country }),
    ...(startAddress && { startAddress }),
    ...(endAddress && { endAddress }),
    cidrs: cidr0Prefixes(object) ?? rangeToCidrs(startAddress, endAddress),
    ...(holder && { holder }),
    abuseEmails: abuseEmails(object),
    ...(parentHandle && { parentHandle }),
    ...(upLink && { upLink }),
  };
}

/** The href of the object's first http(s) link with relation `rel` (RFC 8288 relation types, RFC 9083 §4.2). */
function rdapLink(object: Json, rel: string): string | undefined {
  const link = asArray(object.links)
    .filter(isObject)
    .find((candidate) => asString(candidate.rel)?.toLowerCase() === rel && typeof candidate.href === 'string' && /^https?:\/\//.test(candidate.href));
  return link?.href as string | undefined;
}

/** The holder's name: the registrant organisation where there is one, else the first named registrant. */
function holderOf(object: Json): string | undefined {
  const registrants = asArray(object.entities)
    .filter(isObject)
    .filter((entity) => rolesOf(entity).includes('registrant'));
  const organisation = registrants.find((entity) => vcardText(entity, 'kind')?.toLowerCase() === 'org');
  for (const entity of organisation ? [organisation] : registrants) {
    const name = contactOf(entity).name;
    if (name) return name;
  }
  return undefined;
}

/** Some registries write start and end addresses with a prefix length (`192.0.2.0/32`). */
function bareAddress(address: string | undefined): string | undefined {
  const bare = address?.replace(/\/\d+$/, '');
  return bare && ipaddr.isValid(bare) ? ipaddr.parse(bare).toString() : undefined;
}

/** The prefixes of the NRO `cidr0` extension, when the answer has them. */
function cidr0Prefixes(object: Json): string[] | undefined {
  const prefixes = asArray(object.cidr0_cidrs)
    .filter(isObject)
    .map((entry) => {
      const prefix = asString(entry.v4prefix) ?? asString(entry.v6prefix);
      return prefix !== undefined && typeof entry.length === 'number' ? `${prefix}/${entry.length}` : undefined;
    })
    .filter((cidr): cidr is string => cidr !== undefined && ipaddr.isValidCIDR(cidr));
  return prefixes.length > 0 ? prefixes : undefined;
}

/** The fewest CIDR blocks exactly covering a start–end range. */
export function rangeToCidrs(start: string | undefined, end: string | undefined): string[] {
  if (!start || !end) return [];
  const first = ipaddr.parse(start);
  const last = ipaddr.parse(end);
  if (first.kind() !== last.kind()) return [];
  const bits = first.kind() === 'ipv4' ? 32 : 128;
  let low = toBigInt(first);
  const high = toBigInt(last);
  const cidrs: string[] = [];
  while (low <= high && cidrs.length < 64) {
    let size = 0;
    while (size < bits && (low & ((1n << BigInt(size + 1)) - 1n)) === 0n && low + (1n << BigInt(size + 1)) - 1n <= high) size += 1;
    cidrs.push(`${fromBigInt(low, first.kind())}/${bits - size}`);
    low += 1n << BigInt(size);
  }
  return cidrs;
}

function toBigInt(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

function fromBigInt(value: bigint, kind: 'ipv4' | 'ipv6'): string {
  const length = kind === 'ipv4' ? 4 : 16;
  const bytes = Array.from({ length }, (_, index) => Number((value >> BigInt(8 * (length - 1 - index))) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

export interface RegistrarFacts {
  name: string;
  ianaId?: string;
  abuseEmails: string[];
}

export interface DomainFacts {
  domain?: string;
  registrar?: RegistrarFacts;
  abuseEmails: string[];
  /** The registrar's own RDAP answer for the domain, where the registry links to it. */
  registrarLink?: string;
}

/** The facts of a `domain` object: its registrar and that registrar's abuse contact. */
export function domainFacts(object: Json): DomainFacts {
  expectClass(object, 'domain');
  const domain = asString(object.ldhName)?.toLowerCase();
  const registrar = registrarOf(object);
  const registrarLink = relatedRdapLink(object);
  return { ...(domain && { domain }), ...(registrar && { registrar }), abuseEmails: abuseEmails(object), ...(registrarLink && { registrarLink }) };
}

function registrarOf(object: Json): RegistrarFacts | undefined {
  const entity = asArray(object.entities)
    .filter(isObject)
    .find((candidate) => rolesOf(candidate).includes('registrar'));
  if (!entity) return undefined;
  const contact = contactOf(entity);
  const name = contact.name ?? contact.handle;
  if (!name) return undefined;
  const ianaId = asArray(entity.publicIds)
    .filter(isObject)
    .find((id) => asString(id.type)?.toLowerCase() === 'iana registrar id');
  const identifier = asString(ianaId?.identifier);
  const ownAbuse = contact.roles.includes('abuse') ? contact.emails : [];
  return { name, ...(identifier && { ianaId: identifier }), abuseEmails: unique([...ownAbuse, ...abuseEmails(entity)]) };
}

/** The registry's `related` link to the registrar's RDAP service (ICANN's gTLD RDAP profile). */
function relatedRdapLink(object: Json): string | undefined {
  const related = asArray(object.links)
    .filter(isObject)
    .filter((link) => link.rel === 'related' && typeof link.href === 'string' && /^https?:\/\//.test(link.href));
  const rdapLink = related.find((link) => link.type === 'application/rdap+json') ?? related.find((link) => /\/domain\//.test(link.href as string));
  return rdapLink?.href as string | undefined;
}
