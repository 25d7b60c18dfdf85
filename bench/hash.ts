/**
 * Hashing throughput: sharp decoding alone vs. the full hashing of a file
 * (decode + PDQ + MD5/SHA-1/SHA-256), over the same JPEGs in the same run.
 *
 *   npm run bench:hash [folder-of-jpegs]
 *
 * Without a folder it generates photo-like JPEGs into a temporary folder
 * (removed at the end) and adds the JPEGs of ../shared/testdata/pdq.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { runHashCommand } from '../src/hashing/cli.js';
import { decodeRgb } from '../src/hashing/decode.js';
import { hashFile } from '../src/hashing/hash-file.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const PDQ_TESTDATA = path.resolve(REPO_ROOT, '../shared/testdata/pdq');
const GENERATED_SIZES = [
  { width: 1024, height: 768, count: 40 },
  { width: 2048, height: 1536, count: 4 },
];
const ROUNDS = 3;

async function main(): Promise<void> {
  // The operation cache would let repeated decodes of a file skip work.
  sharp.cache(false);
  const folder = process.argv[2];
  const generatedDir = folder === undefined ? await mkdtemp(path.join(tmpdir(), 'bench-hash-')) : undefined;
  try {
    const files = folder !== undefined ? await jpegsIn(folder) : await defaultSet(generatedDir!);
    if (files.length === 0) throw new Error(`no JPEGs in ${folder}`);
    await benchmark(files);
  } finally {
    if (generatedDir !== undefined) await rm(generatedDir, { recursive: true, force: true });
  }
}

async function defaultSet(dir: string): Promise<string[]> {
  const generated = await generatePhotoLikeJpegs(dir);
  const reference = existsSync(PDQ_TESTDATA) ? await jpegsIn(PDQ_TESTDATA) : [];
  return [...generated, ...reference];
}

async function jpegsIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.jpe?g$/i.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

async function generatePhotoLikeJpegs(dir: string): Promise<string[]> {
  const files: string[] = [];
  let seed = 1;
  for (const { width, height, count } of GENERATED_SIZES) {
    for (let i = 0; i < count; i++, seed++) {
      const file = path.join(dir, `generated-${width}x${height}-${i}.jpg`);
      await sharp(photoLikePixels(width, height, seed), { raw: { width, height, channels: 3 } })
        .jpeg({ quality: 85 })
        .toFile(file);
      files.push(file);
    }
  }
  return files;
}

/** Smooth colour gradients and waves with sensor-like noise, different per seed. */
function photoLikePixels(width: number, height: number, seed: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  let state = seed * 2654435761;
  const noise = () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return (state / 2 ** 32 - 0.5) * 24;
  };
  const phase = seed * 0.7;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      const wave = 40 * Math.sin(u * 9 + phase) * Math.cos(v * 7 - phase) + 25 * Math.sin((u + v) * 23 + phase);
      const offset = (y * width + x) * 3;
      rgb[offset] = clampByte(60 + 140 * u + wave + noise());
      rgb[offset + 1] = clampByte(80 + 100 * v - wave / 2 + noise());
      rgb[offset + 2] = clampByte(200 - 120 * u * v + wave / 3 + noise());
    }
  }
  return rgb;
}

function clampByte(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value)));
}

async function decodeOnly(files: string[]): Promise<void> {
  for (const file of files) await decodeRgb(await readFile(file));
}

async function fullHashing(files: string[]): Promise<void> {
  for (const file of files) {
    const result = await hashFile(file);
    if (!('pdq' in result) || result.pdq === null) throw new Error(`${file}: ${result.error}`);
  }
}

async function hashCommand(files: string[]): Promise<void> {
  await runHashCommand(files, () => {});
}

interface Timing {
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds of all the process's threads (libvips decodes on several). */
  cpuSeconds: number;
}

async function timed(run: (files: string[]) => Promise<void>, files: string[]): Promise<Timing> {
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  await run(files);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Median (by wall time) over ROUNDS runs, the modes interleaved so drift in machine load hits all alike. */
async function medianTimings(runs: ((files: string[]) => Promise<void>)[], files: string[]): Promise<Timing[]> {
  const samples: Timing[][] = runs.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, run] of runs.entries()) samples[index]!.push(await timed(run, files));
  }
  return samples.map((timings) => timings.sort((a, b) => a.seconds - b.seconds)[Math.floor(timings.length / 2)]!);
}

async function benchmark(files: string[]): Promise<void> {
  const megapixels = await totalMegapixels(files);
  console.log(`${files.length} JPEGs, ${megapixels.toFixed(1)} megapixels in all; median of ${ROUNDS} rounds`);
  await fullHashing(files); // warm-up: JIT and file cache
  const [decode, full, command] = await medianTimings([decodeOnly, fullHashing, hashCommand], files);
  report('decode only (sharp → raw RGB)', files.length, megapixels, decode!);
  report('full hashing (decode + PDQ + MD5/SHA-1/SHA-256)', files.length, megapixels, full!);
  console.log(
    `hashing adds ${percentAdded(decode!.seconds, full!.seconds)} % to decode time ` +
      `(${percentAdded(decode!.cpuSeconds, full!.cpuSeconds)} % to decode CPU time); target ≤ 50 %`,
  );
  report(`hash command (${availableParallelism()} files at a time)`, files.length, megapixels, command!);
}

function percentAdded(base: number, total: number): string {
  return (((total - base) / base) * 100).toFixed(0);
}

function report(label: string, images: number, megapixels: number, timing: Timing): void {
  const columns = [
    `${(images / timing.seconds).toFixed(1).padStart(7)} images/s`,
    `${(megapixels / timing.seconds).toFixed(1).padStart(6)} MP/s`,
    `${((timing.seconds / images) * 1000).toFixed(2).padStart(6)} ms/image`,
    `${((timing.cpuSeconds / images) * 1000).toFixed(2).padStart(6)} CPU ms/image`,
  ];
  console.log(`${label.padEnd(50)} ${columns.join('  ')}`);
}

async function totalMegapixels(files: string[]): Promise<number> {
  let pixels = 0;
  for (const file of files) {
    const { width = 0, height = 0 } = await sharp(file).metadata();
    pixels += width * height;
  }
  return pixels / 1e6;
}

await main();
