#!/usr/bin/env node
import { ensureBuilt } from './build.js';

try {
  ensureBuilt();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
await import('../dist/cli.js');
