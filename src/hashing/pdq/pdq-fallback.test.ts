import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { decodeRgb } from '../decode.js';
import { hash256ToHex } from './hash256.js';
import { pdqKernels } from './kernels/pdq-kernels.js';
import { pdqFromRgb } from './pdq.js';

// Where there is no WebAssembly (node --jitless) the pipeline runs the
// TypeScript steps; they too must reproduce the reference.
vi.mock('./kernels/pdq-kernels.js', () => ({ pdqKernels: undefined }));

const TESTDATA = path.resolve(import.meta.dirname, '../../../../shared/testdata/pdq');

const csv = await readFile(path.join(TESTDATA, 'expected.csv'), 'utf8');
const expected = csv
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [pdq, quality, file] = line.split(',') as [string, string, string];
    return { pdq, quality: Number(quality), file };
  });

describe('PDQ without WebAssembly', () => {
  it('runs without the kernels', () => expect(pdqKernels).toBeUndefined());

  it.each(expected)('reproduces the reference hash and quality of $file', async ({ file, pdq, quality }) => {
    const result = pdqFromRgb(await decodeRgb(await readFile(path.join(TESTDATA, file))));
    expect(hash256ToHex(result.hash)).toBe(pdq);
    expect(result.quality).toBe(quality);
  });
});
