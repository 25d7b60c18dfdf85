import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRgb } from '../decode.js';
import { hammingDistance, hash256FromHex, hash256ToHex } from './hash256.js';
import { pdqDihedralFromRgb, pdqFromRgb } from './pdq.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const TESTDATA = path.resolve(REPO_ROOT, '../shared/testdata/pdq');

interface Expected {
  pdq: string;
  quality: number;
  file: string;
}

async function readExpected(): Promise<Expected[]> {
  const csv = await readFile(path.join(TESTDATA, 'expected.csv'), 'utf8');
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [pdq, quality, file] = line.split(',') as [string, string, string];
      return { pdq, quality: Number(quality), file };
    });
}

async function decodeTestImage(file: string) {
  return decodeRgb(await readFile(path.join(TESTDATA, file)));
}

/** dih/ in the reference's dihedral order. */
const DIH_FILES = [
  'dih/bridge-1-original.jpg',
  'dih/bridge-2-rotate-90.jpg',
  'dih/bridge-3-rotate-180.jpg',
  'dih/bridge-4-rotate-270.jpg',
  'dih/bridge-5-flipx.jpg',
  'dih/bridge-6-flipy.jpg',
  'dih/bridge-7-flip-plus-1.jpg',
  'dih/bridge-8-flip-minus-1.jpg',
];

const expected = await readExpected();
const expectedByFile = new Map(expected.map((row) => [row.file, row]));

describe('PDQ against the reference implementation', () => {
  it.each(expected)('reproduces the reference hash and quality of $file', async ({ file, pdq, quality }) => {
    const result = pdqFromRgb(await decodeTestImage(file));
    expect(hash256ToHex(result.hash)).toBe(pdq);
    expect(result.quality).toBe(quality);
  });

  // The seven other dih/ files were re-encoded after rotating (progressive,
  // 4:4:4), so their pixels differ slightly from bridge-1-original's: their
  // hashes match its dihedral hashes (distance 0–8), not bit for bit.
  it("matches bridge-1-original's dihedral hashes to the plain hashes of its rotated and flipped copies", async () => {
    const { hashes, quality } = pdqDihedralFromRgb(await decodeTestImage('dih/bridge-1-original.jpg'));
    const copies = DIH_FILES.map((file) => hash256FromHex(expectedByFile.get(file)!.pdq));
    hashes.forEach((hash, index) => {
      const distances = copies.map((copy) => hammingDistance(hash, copy));
      expect(distances[index], DIH_FILES[index]).toBeLessThanOrEqual(10);
      expect(Math.min(...distances.filter((_, other) => other !== index))).toBeGreaterThan(31);
    });
    expect(quality).toBe(100);
  });

  it("gives bridge-1-original's dihedral hashes exactly (values agreed by an independent PDQ implementation)", async () => {
    const { hashes } = pdqDihedralFromRgb(await decodeTestImage('dih/bridge-1-original.jpg'));
    expect(hashes.map(hash256ToHex)).toEqual([
      'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22',
      '30a10efd71c83f429013d48d0ffffc52e34e0e17ada952a9d29685211ea9e5af',
      'adad5a64b5a102e55b62a08856dacd5ae63b847fc337b4b766b319361bc93188',
      'a5f0b457a49995e8c1065c275aaa54d8b61ba49df8fcfc0383c32f8b0bfc4f05',
      'f8f80f31e0f457b00637f5d5028f980fb36ed12a9622e1e233e64c634e9c64dd',
      '0dad2599b1a1bd1a5362576752da32a5e63b7380c2374b4866b346c91bc9ce77',
      'f0a5e102f1ccc0bd945308720fff038de34ef1e8ada9a956d2967ade5ea91a50',
      'a5f04ba8a4996a17c906a3d85aaaa927b61b5b42f8fc03fc87c3d0740bfcb0fa',
    ]);
  });

  it('keeps every edit of the bridge photo within matching distance 31 of the original', () => {
    const original = hash256FromHex(expectedByFile.get('bridge-mods/aaa-orig.jpg')!.pdq);
    const edits = expected.filter((row) => row.file.startsWith('bridge-mods/'));
    expect(edits).toHaveLength(12);
    for (const edit of edits) {
      expect(hammingDistance(original, hash256FromHex(edit.pdq)), edit.file).toBeLessThanOrEqual(31);
    }
  });

  it('flags the low-detail misc/small.jpg as not matchable', async () => {
    const result = pdqFromRgb(await decodeTestImage('misc/small.jpg'));
    expect(result.quality).toBe(0);
    expect(result.matchable).toBe(false);
  });

  it('flags a detailed photo as matchable', async () => {
    expect(pdqFromRgb(await decodeTestImage('misc/wee.jpg')).matchable).toBe(true);
  });
});
