// AssemblyScript source of the PDQ kernels loaded by
// src/hashing/pdq/kernels/pdq-kernels.ts: luma, the Jarosz tent filter and the
// decimation, as in src/hashing/pdq/luma.ts, jarosz.ts and decimate.ts, in
// WebAssembly with float32 SIMD. Each lane of an f32x4 operation is an IEEE
// float32 operation, and every output value is computed with the reference's
// float32 operations in the reference's order, so the results are bit-exact.
// Built by `npm run build:wasm`.
//
// The image streams through in strips of 16 rows, so the intermediate images
// stay in the cache instead of passing through memory:
//
//   RGB strip ─► luma ─► box filter along the rows ─► row history
//                        ─► box filter down the columns ─► next unit, or result
//
// A unit is one pass of jaroszFilterFloat (along the rows, then down the
// columns). The first unit reads RGB and computes luma as it goes; each
// further unit reads the rows the previous one emits, 16 at a time; the last
// filters only the columns and rows that decimation keeps and writes them to
// the result. Units, their buffers and the shared scratch are laid out by the
// loader; the kernels allocate nothing.

/** First byte the loader may use: everything below belongs to this module. */
export function heapBase(): usize {
  return __heap_base;
}

// The reference's luma coefficients are float32 constants.
const LUMA_FROM_R: f32 = 0.299;
const LUMA_FROM_G: f32 = 0.587;
const LUMA_FROM_B: f32 = 0.114;

/** Rows filtered side by side along the rows: four f32x4 running sums. */
const STRIP_ROWS = 16;

/** One pass of the filter and its streaming state, in linear memory. */
@unmanaged
class Unit {
  /** Rows and columns of the image. */
  rows: i32;
  cols: i32;
  /** Box widths along the rows and down the columns. */
  windowAlongRows: i32;
  windowAlongCols: i32;
  /** RGB (first unit) or float32 rows (later units): up to 16 rows, inputRowBytes apart. */
  input: usize;
  inputRowBytes: i32;
  fromRgb: bool;
  /** Columns kept by the last unit (0: all), non-decreasing, and how many. */
  keptColumns: usize;
  keptColumnsCount: i32;
  /** Rows kept by the last unit (0: all), non-decreasing, and how many. */
  keptRows: usize;
  keptRowsCount: i32;
  /** Rows filtered along their length, waiting to be filtered down the columns: a ring. */
  history: usize;
  historyRows: i32;
  historyRowBytes: i32;
  /** Running sums down the columns, one per output column. */
  sums: usize;
  /** The unit fed with this one's rows, or 0 for the last. */
  next: usize;
  /** Last unit: where kept row k goes (k × historyRowBytes). */
  result: usize;
  /** Rows in the history so far, steps of the column filter done, next kept row. */
  rowsFiltered: i32;
  columnSteps: i32;
  nextKeptRow: i32;
}

/** Scratch shared by all units (one strip is filtered along its rows at a time). */
@unmanaged
class Scratch {
  /** Columns filtered per round: a multiple of 4, at least the window along the rows. */
  chunk: i32;
  /**
   * Transposed inputs, 64 bytes per column (window + chunk of them): slot i
   * holds input column first − window + i in the round from column `first`.
   */
  ring: usize;
  /** The round's outputs, 64 bytes each (room for 4 more than chunk or kept columns). */
  outputs: usize;
  /** 16 byte offsets of the strip's input rows. */
  rowOffsets: usize;
  /** 16 addresses of the strip's rows in the history. */
  historyRowAt: usize;
}

/** Sets up a unit; sizes and addresses come from the loader. */
export function initUnit(
  at: usize,
  rows: i32,
  cols: i32,
  windowAlongRows: i32,
  windowAlongCols: i32,
  input: usize,
  inputRowBytes: i32,
  fromRgb: bool,
  keptColumns: usize,
  keptColumnsCount: i32,
  keptRows: usize,
  keptRowsCount: i32,
  history: usize,
  historyRows: i32,
  historyRowBytes: i32,
  sums: usize,
  next: usize,
  result: usize,
): void {
  const unit = changetype<Unit>(at);
  unit.rows = rows;
  unit.cols = cols;
  unit.windowAlongRows = windowAlongRows;
  unit.windowAlongCols = windowAlongCols;
  unit.input = input;
  unit.inputRowBytes = inputRowBytes;
  unit.fromRgb = fromRgb;
  unit.keptColumns = keptColumns;
  unit.keptColumnsCount = keptColumnsCount;
  unit.keptRows = keptRows;
  unit.keptRowsCount = keptRowsCount;
  unit.history = history;
  unit.historyRows = historyRows;
  unit.historyRowBytes = historyRowBytes;
  unit.sums = sums;
  unit.next = next;
  unit.result = result;
  unit.rowsFiltered = 0;
  unit.columnSteps = 0;
  unit.nextKeptRow = 0;
  memory.fill(sums, 0, <usize>historyRowBytes);
  // Lanes past the last column are filtered too (and ignored): keep them numbers.
  memory.fill(history, 0, <usize>historyRows * historyRowBytes);
}

export function initScratch(at: usize, chunk: i32, ring: usize, outputs: usize, rowOffsets: usize, historyRowAt: usize): void {
  const scratch = changetype<Scratch>(at);
  scratch.chunk = chunk;
  scratch.ring = ring;
  scratch.outputs = outputs;
  scratch.rowOffsets = rowOffsets;
  scratch.historyRowAt = historyRowAt;
}

/** Bytes of a Unit and of a Scratch, for the loader's layout. */
export function unitBytes(): usize {
  return offsetof<Unit>();
}

export function scratchBytes(): usize {
  return offsetof<Scratch>();
}

/**
 * Filters rows first … first + count − 1 (count ≤ 16), which the caller has
 * put in the unit's input, and passes on everything that this completes.
 */
export function filterStrip(at: usize, scratchAt: usize, first: i32, count: i32): void {
  const unit = changetype<Unit>(at);
  const scratch = changetype<Scratch>(scratchAt);
  for (let lane = 0; lane < STRIP_ROWS; lane++) {
    // Past the last row, the last row again: same values, same place.
    const row = first + min(lane, count - 1);
    store<u32>(scratch.rowOffsets + (<usize>lane << 2), <u32>(row - first) * <u32>unit.inputRowBytes);
    store<u32>(scratch.historyRowAt + (<usize>lane << 2), <u32>(unit.history + <usize>(row % unit.historyRows) * unit.historyRowBytes));
  }
  const selective = unit.keptColumns !== 0;
  if (unit.fromRgb) {
    if (selective) alongRowsOfRgbKept(unit, scratch);
    else alongRowsOfRgb(unit, scratch);
  } else {
    if (selective) alongRowsKept(unit, scratch);
    else alongRowsAll(unit, scratch);
  }
  unit.rowsFiltered = first + count;
  downColumns(unit, scratchAt);
}

// ---------------------------------------------------------------------------
// Along the rows: the reference's box1DFloat on 16 rows at once

// alongRows compiled for each kind of input and output, so that its inner
// loops test neither.
function alongRowsOfRgb(unit: Unit, scratch: Scratch): void {
  alongRows(unit, scratch, true, false);
}

function alongRowsOfRgbKept(unit: Unit, scratch: Scratch): void {
  alongRows(unit, scratch, true, true);
}

function alongRowsAll(unit: Unit, scratch: Scratch): void {
  alongRows(unit, scratch, false, false);
}

function alongRowsKept(unit: Unit, scratch: Scratch): void {
  alongRows(unit, scratch, false, true);
}

/**
 * box1DFloat on the strip's 16 rows, as four f32x4 running sums. Step s adds
 * input column s (while s < length) and removes column s − window (from
 * s = window on); from s = prime on it outputs column s − prime. These are the
 * reference's four phases: prime, grow (the window grows), slide (full window)
 * and shrink (at the far edge). The steps run in rounds of `chunk` columns:
 * the round's inputs are first transposed into the ring (fillRing), its
 * outputs collected and then transposed into the history rows (flushOutputs).
 */
@inline
function alongRows(unit: Unit, scratch: Scratch, fromRgb: bool, selective: bool): void {
  const length = unit.cols;
  const window = unit.windowAlongRows;
  const prime = ((window + 2) >> 1) - 1;
  const steps = length + prime;
  const chunk = scratch.chunk;
  const ring = scratch.ring;
  const outputs = scratch.outputs;
  const kept = unit.keptColumns;
  const keptCount = unit.keptColumnsCount;
  const windowBytes = <usize>window << 6;
  let sum0 = f32x4.splat(0);
  let sum1 = sum0;
  let sum2 = sum0;
  let sum3 = sum0;
  let keptSoFar = 0;
  for (let first = 0; first < steps; first += chunk) {
    const end = min(first + chunk, steps);
    // Slots 0 … window − 1: the last `window` columns of the previous round.
    if (first > 0) memory.copy(ring, ring + (<usize>chunk << 6), windowBytes);
    if (first < length) fillRing(unit, scratch, first, min(end, length), fromRgb);
    const firstOutput = selective ? keptSoFar : max(first - prime, 0);
    let out = outputs;

    let step = first;
    for (let stop = min(end, prime); step < stop; step++) {
      const added = ring + windowBytes + (<usize>(step - first) << 6);
      sum0 = f32x4.add(sum0, v128.load(added, 0));
      sum1 = f32x4.add(sum1, v128.load(added, 16));
      sum2 = f32x4.add(sum2, v128.load(added, 32));
      sum3 = f32x4.add(sum3, v128.load(added, 48));
    }
    for (let stop = min(end, window); step < stop; step++) {
      const added = ring + windowBytes + (<usize>(step - first) << 6);
      sum0 = f32x4.add(sum0, v128.load(added, 0));
      sum1 = f32x4.add(sum1, v128.load(added, 16));
      sum2 = f32x4.add(sum2, v128.load(added, 32));
      sum3 = f32x4.add(sum3, v128.load(added, 48));
      const divisor = f32x4.splat(<f32>(step + 1));
      if (selective) {
        while (keptSoFar < keptCount && load<i32>(kept + (<usize>keptSoFar << 2)) === step - prime) {
          out = emit(out, sum0, sum1, sum2, sum3, divisor);
          keptSoFar++;
        }
      } else {
        out = emit(out, sum0, sum1, sum2, sum3, divisor);
      }
    }
    if (step < min(end, length)) {
      const stop = min(end, length);
      const divisor = f32x4.splat(<f32>window);
      let added = ring + windowBytes + (<usize>(step - first) << 6);
      for (; step < stop; step++, added += 64) {
        const removed = added - windowBytes;
        sum0 = f32x4.sub(f32x4.add(sum0, v128.load(added, 0)), v128.load(removed, 0));
        sum1 = f32x4.sub(f32x4.add(sum1, v128.load(added, 16)), v128.load(removed, 16));
        sum2 = f32x4.sub(f32x4.add(sum2, v128.load(added, 32)), v128.load(removed, 32));
        sum3 = f32x4.sub(f32x4.add(sum3, v128.load(added, 48)), v128.load(removed, 48));
        if (selective) {
          while (keptSoFar < keptCount && load<i32>(kept + (<usize>keptSoFar << 2)) === step - prime) {
            out = emit(out, sum0, sum1, sum2, sum3, divisor);
            keptSoFar++;
          }
        } else {
          out = emit(out, sum0, sum1, sum2, sum3, divisor);
        }
      }
    }
    for (; step < end; step++) {
      const removed = ring + (<usize>(step - first) << 6);
      sum0 = f32x4.sub(sum0, v128.load(removed, 0));
      sum1 = f32x4.sub(sum1, v128.load(removed, 16));
      sum2 = f32x4.sub(sum2, v128.load(removed, 32));
      sum3 = f32x4.sub(sum3, v128.load(removed, 48));
      const divisor = f32x4.splat(<f32>(window - (step - length + 1)));
      if (selective) {
        while (keptSoFar < keptCount && load<i32>(kept + (<usize>keptSoFar << 2)) === step - prime) {
          out = emit(out, sum0, sum1, sum2, sum3, divisor);
          keptSoFar++;
        }
      } else {
        out = emit(out, sum0, sum1, sum2, sum3, divisor);
      }
    }
    flushOutputs(scratch, <i32>((out - outputs) >> 6), firstOutput);
  }
}

/** One output of the 16 rows, sum / count, at `out`; returns where the next goes. */
@inline
function emit(out: usize, sum0: v128, sum1: v128, sum2: v128, sum3: v128, divisor: v128): usize {
  v128.store(out, f32x4.div(sum0, divisor), 0);
  v128.store(out, f32x4.div(sum1, divisor), 16);
  v128.store(out, f32x4.div(sum2, divisor), 32);
  v128.store(out, f32x4.div(sum3, divisor), 48);
  return out + 64;
}

/**
 * Input columns from … to − 1 of the strip's 16 rows into the ring, transposed:
 * the slot of column c holds c's values of rows 0–3, 4–7, 8–11 and 12–15 as four
 * f32x4. From RGB, computes the luma first. `from` is a multiple of 4; reads
 * up to 16 bytes from the last group of four columns on.
 */
@inline
function fillRing(unit: Unit, scratch: Scratch, from: i32, to: i32, fromRgb: bool): void {
  const input = unit.input;
  const slots = scratch.ring + (<usize>unit.windowAlongRows << 6);
  for (let group = 0; group < 4; group++) {
    const offsets = scratch.rowOffsets + (<usize>group << 4);
    const row0 = input + load<u32>(offsets, 0);
    const row1 = input + load<u32>(offsets, 4);
    const row2 = input + load<u32>(offsets, 8);
    const row3 = input + load<u32>(offsets, 12);
    let slot = slots + (<usize>group << 4);
    for (let column = from; column < to; column += 4, slot += 256) {
      let a0: v128, a1: v128, a2: v128, a3: v128;
      if (fromRgb) {
        const at = <usize>column * 3;
        a0 = luma(v128.load(row0 + at));
        a1 = luma(v128.load(row1 + at));
        a2 = luma(v128.load(row2 + at));
        a3 = luma(v128.load(row3 + at));
      } else {
        const at = <usize>column << 2;
        a0 = v128.load(row0 + at);
        a1 = v128.load(row1 + at);
        a2 = v128.load(row2 + at);
        a3 = v128.load(row3 + at);
      }
      transposeStore(slot, 64, a0, a1, a2, a3);
    }
  }
}

/**
 * The round's `count` outputs (16 rows each) into the strip's history rows
 * from column `column` on, four columns at a time. The lanes past the last
 * output land on columns the next round overwrites, or on the padding.
 */
@inline
function flushOutputs(scratch: Scratch, count: i32, column: i32): void {
  const offset = <usize>column << 2;
  for (let group = 0; group < 4; group++) {
    const rows = scratch.historyRowAt + (<usize>group << 4);
    const row0 = <usize>load<u32>(rows, 0) + offset;
    const row1 = <usize>load<u32>(rows, 4) + offset;
    const row2 = <usize>load<u32>(rows, 8) + offset;
    const row3 = <usize>load<u32>(rows, 12) + offset;
    let from = scratch.outputs + (<usize>group << 4);
    for (let j = 0; j < count; j += 4, from += 256) {
      const a0 = v128.load(from, 0);
      const a1 = v128.load(from, 64);
      const a2 = v128.load(from, 128);
      const a3 = v128.load(from, 192);
      const t0 = i32x4.shuffle(a0, a1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(a2, a3, 0, 4, 1, 5);
      const t2 = i32x4.shuffle(a0, a1, 2, 6, 3, 7);
      const t3 = i32x4.shuffle(a2, a3, 2, 6, 3, 7);
      const at = <usize>j << 2;
      v128.store(row0 + at, i64x2.shuffle(t0, t1, 0, 2));
      v128.store(row1 + at, i64x2.shuffle(t0, t1, 1, 3));
      v128.store(row2 + at, i64x2.shuffle(t2, t3, 0, 2));
      v128.store(row3 + at, i64x2.shuffle(t2, t3, 1, 3));
    }
  }
}

/** The 4 × 4 transpose of rows a0 … a3, its rows stored `stride` bytes apart from `at`. */
@inline
function transposeStore(at: usize, stride: usize, a0: v128, a1: v128, a2: v128, a3: v128): void {
  const t0 = i32x4.shuffle(a0, a1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(a2, a3, 0, 4, 1, 5);
  const t2 = i32x4.shuffle(a0, a1, 2, 6, 3, 7);
  const t3 = i32x4.shuffle(a2, a3, 2, 6, 3, 7);
  v128.store(at, i64x2.shuffle(t0, t1, 0, 2));
  v128.store(at + stride, i64x2.shuffle(t0, t1, 1, 3));
  v128.store(at + stride * 2, i64x2.shuffle(t2, t3, 0, 2));
  v128.store(at + stride * 3, i64x2.shuffle(t2, t3, 1, 3));
}

/**
 * The luma of the four pixels in the first 12 of 16 RGB bytes, as the
 * reference's fillFloatLumaFromRGB: (0.299 R + 0.587 G) + 0.114 B in float32,
 * each product rounded. Bytes are below 2^31, so the signed conversion is exact.
 */
@inline
function luma(bytes: v128): v128 {
  const r = f32x4.convert_i32x4_s(i8x16.swizzle(bytes, i8x16(0, -1, -1, -1, 3, -1, -1, -1, 6, -1, -1, -1, 9, -1, -1, -1)));
  const g = f32x4.convert_i32x4_s(i8x16.swizzle(bytes, i8x16(1, -1, -1, -1, 4, -1, -1, -1, 7, -1, -1, -1, 10, -1, -1, -1)));
  const b = f32x4.convert_i32x4_s(i8x16.swizzle(bytes, i8x16(2, -1, -1, -1, 5, -1, -1, -1, 8, -1, -1, -1, 11, -1, -1, -1)));
  const rg = f32x4.add(f32x4.mul(r, f32x4.splat(LUMA_FROM_R)), f32x4.mul(g, f32x4.splat(LUMA_FROM_G)));
  return f32x4.add(rg, f32x4.mul(b, f32x4.splat(LUMA_FROM_B)));
}

// ---------------------------------------------------------------------------
// Down the columns: box1DFloat on every column at once, a row at a time

/**
 * Runs the column filter as far as the rows in the history allow, in the
 * same four phases as along the rows; step t adds row t and removes row
 * t − window. Each output row goes to the next unit (which filters a strip
 * whenever it has 16 rows or the last) or, from the last unit, to the result.
 */
function downColumns(unit: Unit, scratchAt: usize): void {
  const rows = unit.rows;
  const window = unit.windowAlongCols;
  const prime = ((window + 2) >> 1) - 1;
  const history = unit.history;
  const historyRows = unit.historyRows;
  const rowBytes = <usize>unit.historyRowBytes;
  // Whole f32x4 of output columns; the lanes past the last are ignored.
  const bytes = columnBytes(unit);
  const sums = unit.sums;
  const next = unit.next;
  let step = unit.columnSteps;
  for (; step < rows + prime && (step >= rows || step < unit.rowsFiltered); step++) {
    const adding = step < rows;
    const removing = step >= window;
    const count = step < window ? step + 1 : adding ? window : window - (step - rows + 1);
    const added = history + <usize>(step % historyRows) * rowBytes;
    const removed = history + <usize>((step - window) % historyRows) * rowBytes;
    const out = step - prime;
    if (next !== 0) {
      const nextUnit = changetype<Unit>(next);
      const to = out >= 0 ? nextUnit.input + <usize>(out & (STRIP_ROWS - 1)) * nextUnit.inputRowBytes : 0;
      if (adding && removing) columnStep(sums, bytes, added, removed, to, count, true, true);
      else if (adding) columnStep(sums, bytes, added, removed, to, count, true, false);
      else columnStep(sums, bytes, added, removed, to, count, false, true);
      if (out >= 0 && ((out & (STRIP_ROWS - 1)) === STRIP_ROWS - 1 || out === rows - 1)) {
        unit.columnSteps = step + 1;
        filterStrip(next, scratchAt, out & ~(STRIP_ROWS - 1), (out & (STRIP_ROWS - 1)) + 1);
      }
    } else {
      if (adding && removing) columnStep(sums, bytes, added, removed, 0, count, true, true);
      else if (adding) columnStep(sums, bytes, added, removed, 0, count, true, false);
      else columnStep(sums, bytes, added, removed, 0, count, false, true);
      if (out >= 0) keepRow(unit, out, count);
    }
  }
  unit.columnSteps = step;
}

/** One step of the column filter on every column; with `to`, also writes sum / count there. */
@inline
function columnStep(sums: usize, bytes: usize, added: usize, removed: usize, to: usize, count: i32, adding: bool, removing: bool): void {
  const divisor = f32x4.splat(<f32>count);
  for (let offset: usize = 0; offset < bytes; offset += 16) {
    let sum = v128.load(sums + offset);
    if (adding) sum = f32x4.add(sum, v128.load(added + offset));
    if (removing) sum = f32x4.sub(sum, v128.load(removed + offset));
    v128.store(sums + offset, sum);
    if (to !== 0) v128.store(to + offset, f32x4.div(sum, divisor));
  }
}

/** Last unit: output row `out` into the result once per time it is listed in keptRows. */
@inline
function keepRow(unit: Unit, out: i32, count: i32): void {
  const rowBytes = <usize>unit.historyRowBytes;
  const bytes = columnBytes(unit);
  const sums = unit.sums;
  const result = unit.result;
  const keptRows = unit.keptRows;
  const keptRowsCount = unit.keptRowsCount;
  const divisor = f32x4.splat(<f32>count);
  let k = unit.nextKeptRow;
  while (k < keptRowsCount && load<i32>(keptRows + (<usize>k << 2)) === out) {
    const to = result + <usize>k * rowBytes;
    for (let offset: usize = 0; offset < bytes; offset += 16) {
      v128.store(to + offset, f32x4.div(v128.load(sums + offset), divisor));
    }
    k++;
  }
  unit.nextKeptRow = k;
}

/** Bytes of the unit's output columns, rounded up to whole f32x4. */
@inline
function columnBytes(unit: Unit): usize {
  const columns = unit.keptColumns !== 0 ? unit.keptColumnsCount : unit.cols;
  return <usize>((columns + 3) & ~3) << 2;
}

// ---------------------------------------------------------------------------
// The DCT (the reference's dct64To16, as in src/hashing/pdq/dct.ts)

/**
 * The 16 × 16 low-frequency corner of the 2-D DCT of the 64 × 64 block at
 * `block`: B = D · A · Dᵀ, each dot product summed in float32 in index order.
 * `matrix` holds D (16 × 64) and `transposed` Dᵀ (64 × 16); `partial` gets
 * T = D · A (16 × 64) and `result` B (16 × 16), all row-major float32.
 */
export function dct64To16(block: usize, matrix: usize, transposed: usize, partial: usize, result: usize): void {
  // T = D · A: t[i][j] = Σ_k d[i][k] · a[k][j], 16 columns j at a time.
  for (let i = 0; i < 16; i++) {
    const dRow = matrix + (<usize>i << 8);
    for (let j = 0; j < 64; j += 16) {
      let t0 = f32x4.splat(0);
      let t1 = t0;
      let t2 = t0;
      let t3 = t0;
      let a = block + (<usize>j << 2);
      for (let k = 0; k < 64; k++, a += 256) {
        const d = f32x4.splat(load<f32>(dRow + (<usize>k << 2)));
        t0 = f32x4.add(t0, f32x4.mul(d, v128.load(a, 0)));
        t1 = f32x4.add(t1, f32x4.mul(d, v128.load(a, 16)));
        t2 = f32x4.add(t2, f32x4.mul(d, v128.load(a, 32)));
        t3 = f32x4.add(t3, f32x4.mul(d, v128.load(a, 48)));
      }
      const to = partial + (<usize>(i * 64 + j) << 2);
      v128.store(to, t0, 0);
      v128.store(to, t1, 16);
      v128.store(to, t2, 32);
      v128.store(to, t3, 48);
    }
  }
  // B = T · Dᵀ: b[i][j] = Σ_k t[i][k] · d[j][k], all 16 columns j at once.
  for (let i = 0; i < 16; i++) {
    const tRow = partial + (<usize>i << 8);
    let b0 = f32x4.splat(0);
    let b1 = b0;
    let b2 = b0;
    let b3 = b0;
    let dT = transposed;
    for (let k = 0; k < 64; k++, dT += 64) {
      const t = f32x4.splat(load<f32>(tRow + (<usize>k << 2)));
      b0 = f32x4.add(b0, f32x4.mul(t, v128.load(dT, 0)));
      b1 = f32x4.add(b1, f32x4.mul(t, v128.load(dT, 16)));
      b2 = f32x4.add(b2, f32x4.mul(t, v128.load(dT, 32)));
      b3 = f32x4.add(b3, f32x4.mul(t, v128.load(dT, 48)));
    }
    const to = result + (<usize>i << 6);
    v128.store(to, b0, 0);
    v128.store(to, b1, 16);
    v128.store(to, b2, 32);
    v128.store(to, b3, 48);
  }
}
