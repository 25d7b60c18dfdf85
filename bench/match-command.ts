/**
 * `openhotline match` as a user runs it, against a brute-force scan in C on the same
 * files: the whole command (`node dist/cli.js match`, a child process, default
 * settings) and bench/support/pdq-scan.c (cc -O3 -march=native, __builtin_popcountll,
 * one thread), their outputs compared byte for byte. Also reading the hash files:
 * readHashFile in this process against the C program's reading.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readHashFile } from '../src/matching/hash-file.js';
import { PACKED_WORDS } from '../src/matching/packed-hashes.js';
import { plantNeighbour, randomRows, seededRandom } from '../src/matching/random-hashes.js';

const REPO = path.resolve(import.meta.dirname, '..');
const MAX_DISTANCE = 31;
/** Every other needle is a haystack hash with 0..40 bits flipped; the rest are random. */
const PLANTED_DISTANCES = 41;
const READ_REPEATS = 3;

export interface CommandBenchOptions {
  haystack: number;
  needles: number;
  runs: number;
}

interface HashFiles {
  haystack: string;
  needles: string;
}

interface Programs {
  /** The compiled C scan. */
  scanner: string;
  moduleAlone: string;
}

interface Run {
  ours: number;
  /** The same command from a program that loads only the match command's module. */
  moduleAlone: number;
  c: number;
  /** `node dist/cli.js --help`: what loading the CLI costs before the command runs. */
  startup: number;
  identical: boolean;
  pairs: number;
  cReadSeconds: number;
}

function newestMtime(directory: string, accept: (file: string) => boolean): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && accept(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/** Builds dist (tsc only) when it is missing or older than the sources. */
function ensureBuilt(): void {
  const cli = path.join(REPO, 'dist/cli.js');
  const sources = newestMtime(path.join(REPO, 'src'), (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  if (existsSync(cli) && statSync(cli).mtimeMs >= sources) return;
  console.log('building dist (npx tsc -p tsconfig.build.json)');
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO, stdio: 'inherit' });
  const wasm = 'hashing/pdq/kernels/pdq-kernels.wasm';
  if (existsSync(path.join(REPO, 'src', wasm))) copyFileSync(path.join(REPO, 'src', wasm), path.join(REPO, 'dist', wasm));
}

/** Packed rows as lines of 64 hex digits, written straight into bytes (hex digit i is bits 255 - 4i .. 252 - 4i). */
function hexLines(rows: Uint32Array): Buffer {
  const digits = Buffer.from('0123456789abcdef');
  const count = rows.length / PACKED_WORDS;
  const text = Buffer.allocUnsafe(count * 65);
  let at = 0;
  for (let row = 0; row < count; row++) {
    for (let word = PACKED_WORDS - 1; word >= 0; word--) {
      const value = rows[row * PACKED_WORDS + word]!;
      for (let shift = 28; shift >= 0; shift -= 4) text[at++] = digits[(value >>> shift) & 15]!;
    }
    text[at++] = 0x0a;
  }
  return text;
}

async function writeHashFiles(directory: string, options: CommandBenchOptions): Promise<HashFiles> {
  const random = seededRandom(options.haystack + options.needles);
  const haystack = randomRows(options.haystack, random);
  const needles = randomRows(options.needles, random);
  for (let needle = 0; needle < options.needles; needle += 2) {
    const distance = (needle / 2) % PLANTED_DISTANCES;
    plantNeighbour(haystack, random() % options.haystack, needles, needle, distance, random);
  }
  const files = { haystack: path.join(directory, 'haystack.txt'), needles: path.join(directory, 'needles.txt') };
  await writeFile(files.haystack, hexLines(haystack));
  await writeFile(files.needles, hexLines(needles));
  return files;
}

/** Runs a command with its output to a file; resolves with the wall-clock seconds and its stderr. */
function timed(command: string, args: string[], outputFile: string): Promise<{ seconds: number; stderr: string }> {
  const output = openSync(outputFile, 'w');
  const start = performance.now();
  const child = spawn(command, args, { cwd: REPO, stdio: ['ignore', output, 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000;
      closeSync(output);
      if (code === 0) resolve({ seconds, stderr });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function readingSeconds(files: HashFiles): Promise<number> {
  const times: number[] = [];
  for (let repeat = 0; repeat < READ_REPEATS; repeat++) {
    const start = performance.now();
    await readHashFile(files.haystack);
    await readHashFile(files.needles);
    times.push((performance.now() - start) / 1000);
  }
  return median(times);
}

/**
 * A program that runs `openhotline match` with only the match command's module loaded,
 * as the CLI runs it when it loads just the command it runs.
 */
async function writeModuleAloneProgram(directory: string): Promise<string> {
  const program = path.join(directory, 'match-alone.mjs');
  const cli = pathToFileURL(path.join(REPO, 'dist/matching/cli.js')).href;
  await writeFile(
    program,
    `import { Command } from ${JSON.stringify(import.meta.resolve('commander'))};
import { registerMatchCommand } from ${JSON.stringify(cli)};
const program = new Command('openhotline');
registerMatchCommand(program);
await program.parseAsync();
`,
  );
  return program;
}

/** Alternates which program runs first, so that a change in the machine's load hits both alike. */
async function runBoth(files: HashFiles, programs: Programs, directory: string, run: number): Promise<Run> {
  const ours = path.join(directory, 'ours.txt');
  const theirs = path.join(directory, 'c.txt');
  const moduleAlone = path.join(directory, 'module-alone.txt');
  const match = ['match', '--haystack', files.haystack, '--needles', files.needles];
  const runOurs = () => timed(process.execPath, ['dist/cli.js', ...match], ours);
  const runC = () => timed(programs.scanner, [files.haystack, files.needles, String(MAX_DISTANCE)], theirs);
  let oursTimed;
  let cTimed;
  if (run % 2 === 0) {
    oursTimed = await runOurs();
    cTimed = await runC();
  } else {
    cTimed = await runC();
    oursTimed = await runOurs();
  }
  const aloneTimed = await timed(process.execPath, [programs.moduleAlone, ...match], moduleAlone);
  const startup = (await timed(process.execPath, ['dist/cli.js', '--help'], path.join(directory, 'help.txt'))).seconds;
  const oursOutput = readFileSync(ours);
  const cOutput = readFileSync(theirs);
  return {
    ours: oursTimed.seconds,
    moduleAlone: aloneTimed.seconds,
    c: cTimed.seconds,
    startup,
    identical: oursOutput.equals(cOutput) && readFileSync(moduleAlone).equals(cOutput),
    pairs: oursOutput.toString().split('\n').length - 1,
    cReadSeconds: Number(/read_ms ([\d.]+)/.exec(cTimed.stderr)?.[1]) / 1000,
  };
}

function compileScanner(directory: string): string {
  const scanner = path.join(directory, 'pdq-scan');
  const source = path.join(REPO, 'bench/support/pdq-scan.c');
  execFileSync('cc', ['-O3', '-march=native', '-o', scanner, source], { stdio: 'inherit' });
  return scanner;
}

const seconds = (value: number): string => `${value.toFixed(2)} s`;

function summary(name: string, times: number[], runs: Run[]): string {
  const ratios = times.map((time, run) => time / runs[run]!.c);
  const range = `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
  return `${name} / C: median ${median(ratios).toFixed(2)} (${range}), median ${seconds(median(times))}`;
}

/** Prints the figures; resolves false when an output differed from the C scan's. */
export async function benchmarkMatchCommand(options: CommandBenchOptions): Promise<boolean> {
  ensureBuilt();
  const directory = await mkdtemp(path.join(tmpdir(), 'bench-match-'));
  try {
    const programs = { scanner: compileScanner(directory), moduleAlone: await writeModuleAloneProgram(directory) };
    const files = await writeHashFiles(directory, options);
    console.log(
      `openhotline match, whole command: ${options.haystack.toLocaleString('en-US')} haystack × ` +
        `${options.needles.toLocaleString('en-US')} needles at distance ${MAX_DISTANCE}, ${availableParallelism()} cores; ` +
        'C: cc -O3 -march=native, one thread',
    );
    const runs: Run[] = [];
    for (let run = 0; run < options.runs; run++) {
      const result = await runBoth(files, programs, directory, run);
      runs.push(result);
      console.log(
        `  run ${run + 1}: node dist/cli.js match ${seconds(result.ours)}, C ${seconds(result.c)}: ` +
          `ours / C ${(result.ours / result.c).toFixed(2)}; ${result.pairs.toLocaleString('en-US')} pairs, ` +
          `${result.identical ? 'identical' : 'DIFFERENT'}. CLI start-up (--help) ${seconds(result.startup)}; ` +
          `the match module alone ${seconds(result.moduleAlone)} (/ C ${(result.moduleAlone / result.c).toFixed(2)})`,
      );
    }
    console.log(`  ${summary('node dist/cli.js match', runs.map((run) => run.ours), runs)}`);
    console.log(`  ${summary('the match module alone', runs.map((run) => run.moduleAlone), runs)}`);
    const ourReading = await readingSeconds(files);
    const cReading = median(runs.map((run) => run.cReadSeconds));
    console.log(
      `  reading both files: readHashFile ${seconds(ourReading)}, C ${seconds(cReading)}: ` +
        `ours / C ${(ourReading / cReading).toFixed(2)}`,
    );
    return runs.every((run) => run.identical);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
