import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerHashCommand, runHashCommand } from './cli.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const TESTDATA = path.resolve(REPO_ROOT, '../shared/testdata/pdq');
const WEE = path.join(TESTDATA, 'misc/wee.jpg');
const SMALL = path.join(TESTDATA, 'misc/small.jpg');

let dir: string;
let textFile: string;
let missingFile: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hash-cli-test-'));
  textFile = path.join(dir, 'notes.txt');
  missingFile = path.join(dir, 'missing.png');
  await writeFile(textFile, 'abc');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(files: string[]): Promise<{ lines: string[]; exitCode: number }> {
  const lines: string[] = [];
  const exitCode = await runHashCommand(files, (line) => lines.push(line));
  return { lines, exitCode };
}

describe('runHashCommand', () => {
  it('writes one JSON line per image, in argument order, and exits 0', async () => {
    const { lines, exitCode } = await run([WEE, SMALL]);
    expect(exitCode).toBe(0);
    expect(lines).toHaveLength(2);
    const [wee, small] = lines.map((line) => JSON.parse(line));
    expect(wee).toMatchObject({
      file: WEE,
      pdq: '6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d',
      quality: 100,
    });
    expect(Object.keys(wee)).toEqual(['file', 'pdq', 'quality', 'md5', 'sha1', 'sha256']);
    expect(small).toMatchObject({ file: SMALL, quality: 0 });
  });

  it('reports a non-image with null pdq and an error, without failing the run', async () => {
    const { lines, exitCode } = await run([textFile]);
    expect(exitCode).toBe(0);
    const result = JSON.parse(lines[0]!);
    expect(result).toMatchObject({ file: textFile, pdq: null, quality: null, md5: '900150983cd24fb0d6963f7d28e17f72' });
    expect(result.error).toEqual(expect.any(String));
  });

  it('reports an unreadable file with an error line and exits 1, still hashing the others', async () => {
    const { lines, exitCode } = await run([missingFile, WEE, textFile]);
    expect(exitCode).toBe(1);
    expect(lines.map((line) => JSON.parse(line).file)).toEqual([missingFile, WEE, textFile]);
    expect(JSON.parse(lines[0]!)).toEqual({ file: missingFile, error: expect.stringMatching(/ENOENT/) });
  });
});

describe('registerHashCommand', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('adds `hash <files...>` that prints to stdout and sets the exit code', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const program = new Command().exitOverride();
    registerHashCommand(program);
    await program.parseAsync(['hash', WEE, missingFile], { from: 'user' });
    expect(written.join('').split('\n')).toEqual([expect.stringContaining('"pdq":"6227401f'), expect.stringContaining('ENOENT'), '']);
    expect(process.exitCode).toBe(1);
  });
});
