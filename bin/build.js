// Builds what is out of date, and only that: the WebAssembly kernels when their
// source is newer than the module, the TypeScript through tsc's incremental
// build. `node bin/build.js` builds; `ensureBuilt` is what `openhotline` runs
// before it starts, so a changed checkout never runs stale code unannounced.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(ROOT, ...parts);
const WASM_SOURCE = at('assembly', 'pdq-kernels.ts');
const WASM = at('src', 'hashing', 'pdq', 'kernels', 'pdq-kernels.wasm');
const BUILT_WASM = at('dist', 'hashing', 'pdq', 'kernels', 'pdq-kernels.wasm');
const STAMP = at('dist', '.build-stamp');
const ENTRY = at('dist', 'cli.js');

const mtime = (file) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;

/** The newest source file that the built code depends on, with its time. */
function newestSource() {
  let newest = { file: at('tsconfig.build.json'), time: Math.max(mtime(at('tsconfig.build.json')), mtime(at('tsconfig.json'))) };
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.(ts|json)$/.test(entry.name) && !entry.name.endsWith('.test.ts') && mtime(file) > newest.time) newest = { file, time: mtime(file) };
    }
  };
  visit(at('src'));
  visit(at('assembly'));
  return newest;
}

/** Why the build is out of date, or undefined when it is not (or there are no sources: an installed package). */
export function staleness() {
  if (!fs.existsSync(at('src'))) return fs.existsSync(ENTRY) ? undefined : 'the built files are missing';
  if (!fs.existsSync(ENTRY) || !fs.existsSync(STAMP)) return 'the built files are missing';
  const newest = newestSource();
  return newest.time > mtime(STAMP) ? `${path.relative(ROOT, newest.file)} changed after the last build` : undefined;
}

function run(command, args) {
  const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', command), args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed${result.error ? `: ${result.error.message}` : ''}`);
}

export function build() {
  if (mtime(WASM_SOURCE) > mtime(WASM)) {
    run('asc', [path.relative(ROOT, WASM_SOURCE), '--outFile', path.relative(ROOT, WASM), '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd']);
  }
  run('tsc', ['-p', 'tsconfig.build.json']);
  fs.mkdirSync(path.dirname(BUILT_WASM), { recursive: true });
  fs.copyFileSync(WASM, BUILT_WASM);
  fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

/** Builds first when the checkout changed since the last build, and says so on stderr. */
export function ensureBuilt() {
  const reason = staleness();
  if (!reason) return;
  if (!fs.existsSync(at('src'))) throw new Error(`OpenHotline cannot start: ${reason}; reinstall the package`);
  process.stderr.write(`OpenHotline: ${reason}; building what changed (npm run build)…\n`);
  build();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    build();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
