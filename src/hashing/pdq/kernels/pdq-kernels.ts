/**
 * The per-pixel steps of PDQ (luma, the Jarosz tent filter and the decimation
 * it feeds) as WebAssembly kernels with float32 SIMD arithmetic: bit-exact with
 * luma.ts, jarosz.ts and decimate.ts, and several times faster, mostly because
 * the image streams through in strips of 16 rows instead of passing through
 * memory once per step.
 *
 * The kernels' source is assembly/pdq-kernels.ts (AssemblyScript); `npm run
 * build:wasm` (part of `npm run build`, so of `npm ci`) compiles it to
 * pdq-kernels.wasm beside this file, which is compiled once, when this module
 * loads. Where there is no WebAssembly at all (node --jitless) `pdqKernels` is
 * undefined and the pipeline uses the TypeScript steps.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RgbImage } from '../../rgb-image.js';
import { DCT_INPUT_SIZE, DCT_OUTPUT_SIZE, dctMatrix16x64 } from '../dct.js';

export interface PdqKernels {
  /**
   * lumaFromRgb, then jaroszFilter with `passes` passes, then decimate: the
   * filtered luma at keptRows × keptColumns (row-major; both lists
   * non-decreasing, as decimationIndices gives them). Each window must be at
   * least 1 and at most the length it filters along.
   */
  jaroszFilteredLuma(
    image: RgbImage,
    windowAlongRows: number,
    windowAlongCols: number,
    passes: number,
    keptRows: Int32Array,
    keptColumns: Int32Array,
  ): Float32Array;
  /** dct.ts's dct64To16. */
  dct64To16(block64x64: Float32Array): Float32Array;
}

/**
 * The little of the WebAssembly JavaScript API used here (the ES2023 lib and
 * @types/node 20 do not declare it).
 */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => CompiledModule;
  Instance: new (module: CompiledModule, imports: object) => { exports: unknown };
}

/** A compiled WebAssembly.Module. */
type CompiledModule = { readonly __brand: 'WebAssembly.Module' };

/** What assembly/pdq-kernels.ts exports; addresses are byte offsets into `memory`. */
interface KernelExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  unitBytes(): number;
  scratchBytes(): number;
  initUnit(
    at: number,
    rows: number,
    cols: number,
    windowAlongRows: number,
    windowAlongCols: number,
    input: number,
    inputRowBytes: number,
    fromRgb: number,
    keptColumns: number,
    keptColumnsCount: number,
    keptRows: number,
    keptRowsCount: number,
    history: number,
    historyRows: number,
    historyRowBytes: number,
    sums: number,
    next: number,
    result: number,
  ): void;
  initScratch(at: number, chunk: number, ring: number, outputs: number, rowOffsets: number, historyRowAt: number): void;
  filterStrip(unit: number, scratch: number, first: number, count: number): void;
  dct64To16(block: number, matrix: number, transposed: number, partial: number, result: number): void;
}

const WASM_FILE = new URL('./pdq-kernels.wasm', import.meta.url);

/** Rows the kernels filter along their length side by side. */
const STRIP_ROWS = 16;

/** Fewest columns per round of the filter along the rows (more if the window is wider). */
const MIN_CHUNK_COLUMNS = 64;

/**
 * An instance whose memory has grown past this is not kept for the next image
 * (a typical photo needs well under 1 MiB; only extremely wide images need more).
 */
const RETAINED_MEMORY_BYTES = 64 * 2 ** 20;

/** Alignment of every region, and room after it for the kernels' 16-byte reads past its end. */
const REGION_ALIGN = 64;

const WASM_PAGE_BYTES = 65_536;

/** One instance of the kernel module, its memory grown as images need. */
class KernelInstance {
  readonly #kernels: KernelExports;
  /** The DCT's matrices and data, then (from #imageBase) the current image's. */
  readonly #dct: DctLayout;
  readonly #imageBase: number;

  constructor(webAssembly: WebAssemblyApi, module: CompiledModule) {
    this.#kernels = new webAssembly.Instance(module, {}).exports as KernelExports;
    let next = alignUp(this.#kernels.heapBase(), REGION_ALIGN);
    const take = (floats: number) => {
      const at = next;
      next = alignUp(at + floats * 4, REGION_ALIGN);
      return at;
    };
    const matrix = dctMatrix16x64();
    this.#dct = {
      matrix: take(matrix.length),
      transposed: take(matrix.length),
      block: take(DCT_INPUT_SIZE * DCT_INPUT_SIZE),
      partial: take(DCT_OUTPUT_SIZE * DCT_INPUT_SIZE),
      result: take(DCT_OUTPUT_SIZE * DCT_OUTPUT_SIZE),
    };
    this.#imageBase = next;
    this.#reserve(next);
    const memory = this.#kernels.memory.buffer;
    new Float32Array(memory, this.#dct.matrix, matrix.length).set(matrix);
    const transposed = new Float32Array(memory, this.#dct.transposed, matrix.length);
    for (let i = 0; i < DCT_OUTPUT_SIZE; i++) {
      for (let k = 0; k < DCT_INPUT_SIZE; k++) transposed[k * DCT_OUTPUT_SIZE + i] = matrix[i * DCT_INPUT_SIZE + k]!;
    }
  }

  dct64To16(block64x64: Float32Array): Float32Array {
    if (block64x64.length !== DCT_INPUT_SIZE * DCT_INPUT_SIZE) throw new RangeError('expected a 64 × 64 block');
    const { block, matrix, transposed, partial, result } = this.#dct;
    const memory = this.#kernels.memory.buffer;
    new Float32Array(memory, block, block64x64.length).set(block64x64);
    this.#kernels.dct64To16(block, matrix, transposed, partial, result);
    return new Float32Array(memory, result, DCT_OUTPUT_SIZE * DCT_OUTPUT_SIZE).slice();
  }

  get memoryBytes(): number {
    return this.#kernels.memory.buffer.byteLength;
  }

  jaroszFilteredLuma(
    image: RgbImage,
    windowAlongRows: number,
    windowAlongCols: number,
    passes: number,
    keptRows: Int32Array,
    keptColumns: Int32Array,
  ): Float32Array {
    const { width: cols, height: rows, rgb } = image;
    const layout = new Layout(this.#imageBase, this.#kernels, rows, cols, windowAlongRows, windowAlongCols, passes, keptRows, keptColumns);
    this.#reserve(layout.end);
    const kernels = this.#kernels;
    const memory = kernels.memory.buffer;
    new Int32Array(memory, layout.keptRows, keptRows.length).set(keptRows);
    new Int32Array(memory, layout.keptColumns, keptColumns.length).set(keptColumns);
    kernels.initScratch(layout.scratch, layout.chunk, layout.ring, layout.outputs, layout.rowOffsets, layout.historyRowAt);
    layout.units.forEach((unit, index) => {
      const last = index === passes - 1;
      kernels.initUnit(
        unit.at,
        rows,
        cols,
        windowAlongRows,
        windowAlongCols,
        unit.input,
        unit.inputRowBytes,
        index === 0 ? 1 : 0,
        last ? layout.keptColumns : 0,
        last ? keptColumns.length : 0,
        last ? layout.keptRows : 0,
        last ? keptRows.length : 0,
        unit.history,
        unit.historyRows,
        unit.historyRowBytes,
        unit.sums,
        last ? 0 : layout.units[index + 1]!.at,
        last ? layout.result : 0,
      );
    });
    const first = layout.units[0]!;
    const rowBytes = cols * 3;
    const staging = new Uint8Array(memory, first.input, Math.min(rows, STRIP_ROWS) * rowBytes);
    for (let row = 0; row < rows; row += STRIP_ROWS) {
      const count = Math.min(STRIP_ROWS, rows - row);
      staging.set(rgb.subarray(row * rowBytes, (row + count) * rowBytes));
      kernels.filterStrip(first.at, layout.scratch, row, count);
    }
    return compactRows(new Float32Array(memory, layout.result, keptRows.length * layout.resultStride), layout.resultStride, keptColumns.length);
  }

  #reserve(bytes: number): void {
    const memory = this.#kernels.memory;
    const missing = bytes - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / WASM_PAGE_BYTES));
  }
}

interface DctLayout {
  matrix: number;
  transposed: number;
  block: number;
  partial: number;
  result: number;
}

interface UnitLayout {
  at: number;
  input: number;
  inputRowBytes: number;
  history: number;
  historyRows: number;
  historyRowBytes: number;
  sums: number;
}

/** Where everything for one image goes in kernel memory. */
class Layout {
  readonly scratch: number;
  readonly rowOffsets: number;
  readonly historyRowAt: number;
  readonly chunk: number;
  readonly ring: number;
  readonly outputs: number;
  readonly keptRows: number;
  readonly keptColumns: number;
  readonly units: UnitLayout[] = [];
  readonly result: number;
  /** Floats from one result row to the next. */
  readonly resultStride: number;
  readonly end: number;
  #next: number;

  constructor(
    base: number,
    kernels: KernelExports,
    rows: number,
    cols: number,
    windowAlongRows: number,
    windowAlongCols: number,
    passes: number,
    keptRows: Int32Array,
    keptColumns: Int32Array,
  ) {
    this.#next = base;
    this.scratch = this.#take(kernels.scratchBytes());
    this.rowOffsets = this.#take(STRIP_ROWS * 4);
    this.historyRowAt = this.#take(STRIP_ROWS * 4);
    // The box filter along the rows runs in rounds of `chunk` columns.
    this.chunk = Math.max(MIN_CHUNK_COLUMNS, alignUp(windowAlongRows, 4));
    this.ring = this.#take((windowAlongRows + this.chunk) * STRIP_ROWS * 4);
    this.outputs = this.#take((Math.max(this.chunk, keptColumns.length) + 4) * STRIP_ROWS * 4);
    this.keptRows = this.#take(keptRows.length * 4);
    this.keptColumns = this.#take(keptColumns.length * 4);
    const stripRows = Math.min(rows, STRIP_ROWS);
    // Rows are padded to whole f32x4, plus one for the writes past the end.
    const fullRowBytes = paddedRowFloats(cols) * 4;
    for (let pass = 0; pass < passes; pass++) {
      const last = pass === passes - 1;
      const inputRowBytes = pass === 0 ? cols * 3 : fullRowBytes;
      const historyRowBytes = last ? paddedRowFloats(keptColumns.length) * 4 : fullRowBytes;
      const historyRows = Math.min(rows, windowAlongCols + STRIP_ROWS);
      this.units.push({
        at: this.#take(kernels.unitBytes()),
        input: this.#take(stripRows * inputRowBytes),
        inputRowBytes,
        history: this.#take(historyRows * historyRowBytes),
        historyRows,
        historyRowBytes,
        sums: this.#take(historyRowBytes),
      });
    }
    this.resultStride = paddedRowFloats(keptColumns.length);
    this.result = this.#take(keptRows.length * this.resultStride * 4);
    this.end = this.#next;
  }

  #take(bytes: number): number {
    const at = this.#next;
    this.#next = alignUp(at + bytes + REGION_ALIGN, REGION_ALIGN);
    return at;
  }
}

/** A copy of the first `cols` of every `stride` floats. */
function compactRows(padded: Float32Array, stride: number, cols: number): Float32Array {
  if (stride === cols) return padded.slice();
  const rows = padded.length / stride;
  const compact = new Float32Array(rows * cols);
  for (let row = 0; row < rows; row++) compact.set(padded.subarray(row * stride, row * stride + cols), row * cols);
  return compact;
}

function paddedRowFloats(cols: number): number {
  return alignUp(cols, 4) + 4;
}

function alignUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

function checkArguments(
  image: RgbImage,
  windowAlongRows: number,
  windowAlongCols: number,
  passes: number,
  keptRows: Int32Array,
  keptColumns: Int32Array,
): void {
  const { width: cols, height: rows, rgb } = image;
  const isCount = (value: number, max: number) => Number.isInteger(value) && value >= 1 && value <= max;
  if (!isCount(cols, Infinity) || !isCount(rows, Infinity)) throw new RangeError(`bad image size ${cols} × ${rows}`);
  if (rgb.length < rows * cols * 3) throw new RangeError(`${cols} × ${rows} RGB needs ${rows * cols * 3} bytes, got ${rgb.length}`);
  if (!isCount(windowAlongRows, cols) || !isCount(windowAlongCols, rows)) throw new RangeError('window out of range');
  if (!isCount(passes, Infinity)) throw new RangeError('passes must be a positive integer');
  const isSortedWithin = (list: Int32Array, size: number) => list.every((value, i) => value >= (i === 0 ? 0 : list[i - 1]!) && value < size);
  if (!isSortedWithin(keptRows, rows) || !isSortedWithin(keptColumns, cols)) throw new RangeError('kept indices must be non-decreasing and inside the image');
}

function wasmKernels(): PdqKernels | undefined {
  const webAssembly = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (webAssembly === undefined) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(WASM_FILE);
  } catch (error) {
    throw new Error(`${fileURLToPath(WASM_FILE)} is missing: run npm run build:wasm`, { cause: error });
  }
  const module = new webAssembly.Module(bytes);
  let retained: KernelInstance | undefined;
  return {
    jaroszFilteredLuma: (image, windowAlongRows, windowAlongCols, passes, keptRows, keptColumns) => {
      checkArguments(image, windowAlongRows, windowAlongCols, passes, keptRows, keptColumns);
      const instance = retained ?? new KernelInstance(webAssembly, module);
      retained = undefined;
      const result = instance.jaroszFilteredLuma(image, windowAlongRows, windowAlongCols, passes, keptRows, keptColumns);
      if (instance.memoryBytes <= RETAINED_MEMORY_BYTES) retained = instance;
      return result;
    },
    dct64To16: (block64x64) => {
      retained ??= new KernelInstance(webAssembly, module);
      return retained.dct64To16(block64x64);
    },
  };
}

/** The WebAssembly kernels, or undefined where WebAssembly is unavailable. */
export const pdqKernels: PdqKernels | undefined = wasmKernels();
