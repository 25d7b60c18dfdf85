import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalEncoding, entryHash, GENESIS_HASH, verifyChain, type AuditEntry, type ChainedEntry } from './chain.js';

function entry(id: number, detail: AuditEntry['detail'] = { n: id }): AuditEntry {
  return {
    id,
    at: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, id)),
    actor: 'analyst@example.org',
    action: 'item_viewed',
    objectType: 'content_item',
    objectId: `item-${id}`,
    detail,
  };
}

function chainOf(count: number): ChainedEntry[] {
  const chain: ChainedEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let id = 1; id <= count; id++) {
    const hash = entryHash(prevHash, entry(id));
    chain.push({ ...entry(id), prevHash, hash });
    prevHash = hash;
  }
  return chain;
}

function rehashed(chained: ChainedEntry): ChainedEntry {
  return { ...chained, hash: entryHash(chained.prevHash, chained) };
}

describe('canonical encoding', () => {
  it('sorts keys at every level and writes the time in UTC with milliseconds', () => {
    const text = new TextDecoder().decode(canonicalEncoding(entry(7, { z: 1, a: { y: [true, null], b: 'x' } })));
    expect(text).toBe(
      '{"action":"item_viewed","actor":"analyst@example.org","at":"2025-01-02T03:04:05.007Z",' +
        '"detail":{"a":{"b":"x","y":[true,null]},"z":1},"id":7,"objectId":"item-7","objectType":"content_item"}',
    );
  });

  it('does not depend on the order in which the detail was built', () => {
    expect(canonicalEncoding(entry(1, { a: 1, b: 2 }))).toEqual(canonicalEncoding(entry(1, { b: 2, a: 1 })));
  });
});

describe('entryHash', () => {
  it('is SHA-256 of the previous hash followed by the canonical encoding', () => {
    const prevHash = new Uint8Array(32).fill(7);
    const expected = createHash('sha256').update(prevHash).update(canonicalEncoding(entry(1))).digest();
    expect(Buffer.from(entryHash(prevHash, entry(1)))).toEqual(expected);
  });

  it('starts from 32 zero bytes', () => {
    expect(GENESIS_HASH).toEqual(new Uint8Array(32));
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and an empty one', () => {
    expect(verifyChain(chainOf(5))).toEqual({ ok: true, count: 5 });
    expect(verifyChain([])).toEqual({ ok: true, count: 0 });
  });

  it('names an altered entry', () => {
    const chain = chainOf(5);
    chain[2] = { ...chain[2]!, detail: { n: 99 } };
    expect(verifyChain(chain)).toEqual({ ok: false, brokenAt: 3, reason: 'the entry does not match its hash: it was altered' });
  });

  it('names the entry after one that was altered and given a fresh hash', () => {
    const chain = chainOf(5);
    chain[2] = rehashed({ ...chain[2]!, actor: 'someone-else' });
    expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 4, reason: 'prev_hash does not match the hash of entry 3' });
  });

  it('names the entry after a removed one', () => {
    const chain = chainOf(5);
    chain.splice(1, 1);
    expect(verifyChain(chain)).toEqual({ ok: false, brokenAt: 3, reason: 'entry 2 is missing' });
  });

  it('names the entry after a removed one even when the ids were renumbered', () => {
    const chain = chainOf(5);
    chain.splice(1, 1);
    const renumbered = chain.map((chained, index) => ({ ...chained, id: index + 1 }));
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, brokenAt: 2, reason: 'prev_hash does not match the hash of entry 1' });
  });

  it('names a reordered entry', () => {
    const chain = chainOf(5);
    [chain[1], chain[2]] = [chain[2]!, chain[1]!];
    expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: 3, reason: 'entry 2 is missing' });
    const swappedIds = chain.map((chained, index) => ({ ...chained, id: index + 1 }));
    expect(verifyChain(swappedIds)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('names an entry that comes before its predecessor', () => {
    const chain = chainOf(3);
    expect(verifyChain([chain[0]!, chain[1]!, chain[1]!])).toMatchObject({ ok: false, brokenAt: 2, reason: 'out of order: comes after entry 2' });
  });

  it('catches entries removed from the end when given the chain head', () => {
    const chain = chainOf(5);
    const head = { lastId: 5, lastHash: chain[4]!.hash };
    expect(verifyChain(chain, head)).toEqual({ ok: true, count: 5 });
    expect(verifyChain(chain.slice(0, 3), head)).toEqual({
      ok: false,
      brokenAt: 4,
      reason: 'entries 4 to 5 are missing (the chain head records entry 5)',
    });
    expect(verifyChain([], head)).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it('catches a last entry that does not match the chain head', () => {
    const chain = chainOf(3);
    expect(verifyChain(chain, { lastId: 3, lastHash: chain[1]!.hash })).toMatchObject({ ok: false, brokenAt: 3 });
  });
});
