import { createHash } from 'node:crypto';

/**
 * The hash chain of the audit trail: each entry's hash covers the previous
 * entry's hash and the entry's canonical encoding, so altering, removing or
 * reordering any entry breaks every hash after it.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One audit entry as stored and as read back; ids are gapless positions in the chain, from 1. */
export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: string;
  objectType: string;
  objectId: string | null;
  detail: JsonValue | null;
}

export interface ChainedEntry extends AuditEntry {
  prevHash: Uint8Array;
  hash: Uint8Array;
}

/** Where the chain ends: the last entry's id and hash (0 and the genesis hash while empty). */
export interface ChainHead {
  lastId: number;
  lastHash: Uint8Array;
}

export type ChainBreak = { ok: false; brokenAt: number; reason: string };
export type ChainVerdict = { ok: true; count: number } | ChainBreak;

export const HASH_BYTES = 32;
export const GENESIS_HASH: Uint8Array = new Uint8Array(HASH_BYTES);

/** UTF-8 JSON with keys sorted at every level and the time in UTC with milliseconds. */
export function canonicalEncoding(entry: AuditEntry): Uint8Array {
  const fields: JsonValue = {
    id: entry.id,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    detail: entry.detail,
  };
  return new TextEncoder().encode(canonicalJson(fields));
}

function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256(prevHash ‖ canonical encoding of the entry). */
export function entryHash(prevHash: Uint8Array, entry: AuditEntry): Uint8Array {
  return createHash('sha256').update(prevHash).update(canonicalEncoding(entry)).digest();
}

/** Checks entries one at a time in id order, so a long chain can be verified page by page. */
export class ChainVerifier {
  private count = 0;
  private end: ChainHead = { lastId: 0, lastHash: GENESIS_HASH };

  /** The break this entry makes, or null when it continues the chain. */
  add(entry: ChainedEntry): ChainBreak | null {
    const reason = this.problemWith(entry);
    if (reason) return { ok: false, brokenAt: entry.id, reason };
    this.count += 1;
    this.end = { lastId: entry.id, lastHash: entry.hash };
    return null;
  }

  /** The verdict after the last entry; given the recorded head, entries removed from the end are caught too. */
  finish(head?: ChainHead): ChainVerdict {
    if (head && head.lastId > this.end.lastId) {
      const reason = `${missing(this.end.lastId + 1, head.lastId)} (the chain head records entry ${head.lastId})`;
      return { ok: false, brokenAt: this.end.lastId + 1, reason };
    }
    if (head && (head.lastId !== this.end.lastId || !sameBytes(head.lastHash, this.end.lastHash))) {
      return { ok: false, brokenAt: this.end.lastId, reason: `the chain head (entry ${head.lastId}) does not match the last entry` };
    }
    return { ok: true, count: this.count };
  }

  private problemWith(entry: ChainedEntry): string | null {
    const expectedId = this.end.lastId + 1;
    if (entry.id < expectedId) return `out of order: comes after entry ${this.end.lastId}`;
    if (entry.id > expectedId) return missing(expectedId, entry.id - 1);
    if (!sameBytes(entry.prevHash, this.end.lastHash)) {
      return `prev_hash does not match the hash of ${this.end.lastId === 0 ? 'the genesis' : `entry ${this.end.lastId}`}`;
    }
    if (!sameBytes(entry.hash, entryHash(entry.prevHash, entry))) return 'the entry does not match its hash: it was altered';
    return null;
  }
}

export function verifyChain(entries: Iterable<ChainedEntry>, head?: ChainHead): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const entry of entries) {
    const broken = verifier.add(entry);
    if (broken) return broken;
  }
  return verifier.finish(head);
}

function missing(firstId: number, lastId: number): string {
  return firstId === lastId ? `entry ${firstId} is missing` : `entries ${firstId} to ${lastId} are missing`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
