import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hammingDistance, hash256FromHex, hash256ToHex } from '../hashing/pdq/hash256.js';
import { matchHashFiles, registerMatchCommand, type MatchFilesOptions } from './cli.js';
import { unpackHash } from './packed-hashes.js';
import { plantNeighbour, randomRows, seededRandom } from './random-hashes.js';

const testdata = path.resolve(import.meta.dirname, '../..', '../shared/testdata/pdq');

interface Pair {
  needle: number;
  match: number;
  distance: number;
}

/** A stream that accepts little at a time and acknowledges asynchronously, so writers must wait for 'drain'. */
class SlowSink extends Writable {
  text = '';
  chunks = 0;

  constructor() {
    super({ highWaterMark: 1024, decodeStrings: false });
  }

  override _write(chunk: string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk;
    this.chunks += 1;
    setImmediate(done);
  }
}

function hexHashes(count: number, seed: number, nearCopies = true): string[] {
  const random = seededRandom(seed);
  const rows = randomRows(count, random);
  for (let row = 1; nearCopies && row < count; row += 2) {
    plantNeighbour(rows, row - 1, rows, row, random() % 48, random);
  }
  return Array.from({ length: count }, (_, row) => hash256ToHex(unpackHash(rows, row)));
}

function expectedPairs(needles: string[], haystack: string[], maxDistance: number): Pair[] {
  return needles.flatMap((needle, i) =>
    haystack
      .map((hash, j) => ({
        needle: i,
        match: j,
        distance: hammingDistance(hash256FromHex(needle), hash256FromHex(hash)),
      }))
      .filter((pair) => pair.distance <= maxDistance),
  );
}

function parsePairs(output: string): Pair[] {
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Pair);
}

function sorted(pairs: Pair[]): Pair[] {
  return [...pairs].sort((a, b) => a.needle - b.needle || a.match - b.match);
}

describe('match command', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'pdq-match-'));
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
    await rm(directory, { recursive: true, force: true });
  });

  async function hashFile(name: string, lines: string[], ending = '\n'): Promise<string> {
    const file = path.join(directory, name);
    await writeFile(file, lines.map((line) => `${line}${ending}`).join(''));
    return file;
  }

  it.each([0, 10, 31, 64])('writes one JSON line for every pair within distance %i', async (maxDistance) => {
    const haystack = hexHashes(400, 1);
    const needles = [...hexHashes(10, 2), ...haystack.slice(0, 30)];
    const files = {
      haystack: await hashFile('haystack.txt', haystack),
      needles: await hashFile('needles.txt', needles),
    };
    const sink = new SlowSink();
    const pairs = await matchHashFiles({ ...files, maxDistance }, sink);
    const lines = sink.text.split('\n').filter((line) => line !== '');
    for (const line of lines) expect(line).toMatch(/^\{"needle": \d+, "match": \d+, "distance": \d+\}$/);
    expect(sorted(parsePairs(sink.text))).toEqual(sorted(expectedPairs(needles, haystack, maxDistance)));
    expect(pairs).toBe(lines.length);
    expect(pairs).toBeGreaterThan(0);
  });

  it('matches the shared test needles against the shared haystack', async () => {
    const sink = new SlowSink();
    const haystackFile = path.join(testdata, 'haystack.txt');
    const needlesFile = path.join(testdata, 'needles.txt');
    await matchHashFiles({ haystack: haystackFile, needles: needlesFile, maxDistance: 31 }, sink);
    const haystack = (await readFile(haystackFile, 'utf8')).trim().split('\n');
    const needles = (await readFile(needlesFile, 'utf8')).trim().split('\n');
    expect(sorted(parsePairs(sink.text))).toEqual(sorted(expectedPairs(needles, haystack, 31)));
  });

  async function sameHashFiles(haystackLines: number, needleLines: number): Promise<MatchFilesOptions> {
    const hash = hexHashes(1, 3)[0]!;
    return {
      haystack: await hashFile('haystack.txt', Array.from({ length: haystackLines }, () => hash)),
      needles: await hashFile('needles.txt', Array.from({ length: needleLines }, () => hash)),
      maxDistance: 0,
    };
  }

  it('streams a large result through a slow output in many chunks', async () => {
    const sink = new SlowSink();
    const pairs = await matchHashFiles(await sameHashFiles(1_000, 20), sink, { threads: 0 });
    expect(pairs).toBe(20_000);
    expect(parsePairs(sink.text)).toHaveLength(20_000);
    expect(sink.chunks).toBeGreaterThan(5);
  });

  describe('on worker threads', () => {
    // Starting workers from the TypeScript sources compiles them first: seconds on a busy machine.
    const WORKER_TEST_TIMEOUT_MS = 60_000;

    it(
      'writes exactly what one thread writes, in the same order',
      async () => {
        const haystack = hexHashes(400, 9);
        const needles = [...hexHashes(20, 10), ...haystack.slice(0, 60)];
        const options = {
          haystack: await hashFile('haystack.txt', haystack),
          needles: await hashFile('needles.txt', needles),
          maxDistance: 40,
        };
        const oneThread = new SlowSink();
        const workers = new SlowSink();
        const pairsOnOneThread = await matchHashFiles(options, oneThread, { threads: 0 });
        const pairsOnWorkers = await matchHashFiles(options, workers, { threads: 2, needlesPerBlock: 3 });
        expect(workers.text).toBe(oneThread.text);
        expect(pairsOnWorkers).toBe(pairsOnOneThread);
        expect(sorted(parsePairs(workers.text))).toEqual(sorted(expectedPairs(needles, haystack, 40)));
      },
      WORKER_TEST_TIMEOUT_MS,
    );

    it(
      'keeps the needle order when the output is slower than the search',
      async () => {
        const sink = new SlowSink();
        const pairs = await matchHashFiles(await sameHashFiles(2_000, 60), sink, { threads: 2, needlesPerBlock: 1 });
        expect(pairs).toBe(120_000);
        const needleOrder = parsePairs(sink.text).map((pair) => pair.needle);
        expect(needleOrder).toEqual(Array.from({ length: 120_000 }, (_, line) => Math.floor(line / 2_000)));
      },
      WORKER_TEST_TIMEOUT_MS,
    );
  });

  it('reads CRLF line endings and ignores spaces around a hash', async () => {
    const hashes = hexHashes(3, 4, false);
    const sink = new SlowSink();
    await matchHashFiles(
      {
        haystack: await hashFile('haystack.txt', hashes, '\r\n'),
        needles: await hashFile('needles.txt', [`  ${hashes[2]}\t`]),
        maxDistance: 0,
      },
      sink,
    );
    expect(parsePairs(sink.text)).toEqual([{ needle: 0, match: 2, distance: 0 }]);
  });

  it.each([
    ['a hash with a non-hex digit', `${'0'.repeat(63)}g`],
    ['a short hash', 'abc'],
    ['a hash with 65 digits', '0'.repeat(65)],
    ['an empty line', ''],
  ])('rejects %s, naming the file and line, before writing anything', async (_name, badLine) => {
    const hashes = hexHashes(5, 5);
    const haystack = await hashFile('haystack.txt', [...hashes.slice(0, 2), badLine, ...hashes.slice(2)]);
    const needles = await hashFile('needles.txt', hashes);
    const sink = new SlowSink();
    await expect(matchHashFiles({ haystack, needles, maxDistance: 31 }, sink)).rejects.toThrow(
      `${haystack} line 3: expected a PDQ hash of 64 hexadecimal digits`,
    );
    expect(sink.text).toBe('');
  });

  describe('on the command line', () => {
    function program(): Command {
      const command = new Command().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
      registerMatchCommand(command);
      return command;
    }

    function captured(stream: NodeJS.WriteStream): () => string {
      let text = '';
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        text += chunk.toString();
        return true;
      });
      return () => text;
    }

    it('prints the pairs within distance 31 by default', async () => {
      const haystack = hexHashes(200, 6);
      const needles = haystack.slice(0, 20);
      const stdout = captured(process.stdout);
      await program().parseAsync(
        ['match', '--haystack', await hashFile('h.txt', haystack), '--needles', await hashFile('n.txt', needles)],
        { from: 'user' },
      );
      expect(sorted(parsePairs(stdout()))).toEqual(sorted(expectedPairs(needles, haystack, 31)));
      expect(process.exitCode).toBeUndefined();
    });

    it('reports an invalid needles line on stderr with a failing exit code', async () => {
      const hashes = hexHashes(4, 7);
      const needles = await hashFile('needles.txt', [hashes[0]!, 'not a hash']);
      const stdout = captured(process.stdout);
      const stderr = captured(process.stderr);
      await program().parseAsync(
        ['match', '--haystack', await hashFile('h.txt', hashes), '--needles', needles, '--max-distance', '10'],
        { from: 'user' },
      );
      expect(stderr()).toBe(
        `match: ${needles} line 2: expected a PDQ hash of 64 hexadecimal digits, got "not a hash"\n`,
      );
      expect(stdout()).toBe('');
      expect(process.exitCode).toBe(1);
    });

    it('reports a missing file on stderr with a failing exit code', async () => {
      const stderr = captured(process.stderr);
      const missing = path.join(directory, 'missing.txt');
      await program().parseAsync(['match', '--haystack', missing, '--needles', missing], { from: 'user' });
      expect(stderr()).toContain(missing);
      expect(process.exitCode).toBe(1);
    });

    it.each(['-1', '257', '3.5', 'far'])('rejects --max-distance %s', async (distance) => {
      const file = await hashFile('h.txt', hexHashes(2, 8));
      const parsing = program().parseAsync(
        ['match', '--haystack', file, '--needles', file, '--max-distance', distance],
        { from: 'user' },
      );
      await expect(parsing).rejects.toThrow(CommanderError);
      await expect(parsing).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    });
  });
});
