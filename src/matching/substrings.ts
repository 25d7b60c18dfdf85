import { HASH256_BITS } from '../hashing/pdq/hash256.js';

/** The 256 bits split into disjoint runs of consecutive bits, one bucket table per run. */
export interface SubstringLayout {
  starts: readonly number[];
  lengths: readonly number[];
}

/**
 * Relative costs of the ways to answer a query: probing a bucket and checking a
 * candidate row each cost about one random memory read (35-65 ns at 1-10 M rows),
 * a linear scan about 5 ns per row.
 */
const BUCKET_PROBE_COST = 1;
const CANDIDATE_COST = 1;
const SCAN_COST_PER_ROW = 0.1;

/**
 * Relative costs of building one bucket table, in the same units: per row, its key and
 * two radix-sort passes; per bucket, its start, written once into fresh memory. Fitted to
 * builds of 1 M rows into 12 to 16 substrings.
 */
const BUILD_COST_PER_ROW = 1;
const BUILD_COST_PER_BUCKET = 0.3;

/** Substrings of at most 24 bits (64 MiB of bucket starts per table) and at least 8. */
const MIN_SUBSTRINGS = 11;
const MAX_SUBSTRINGS = 32;
/** A table has 2^bits bucket starts: 256 MiB at 26 bits. */
const MAX_TABLE_BITS = 26;

/**
 * Norouzi et al.: substrings of about log2(entries) bits leave about one row per
 * bucket. Rounding the count down (longer substrings, fewer candidates) measured
 * faster: 12 substrings beat 13 at 1 M rows.
 */
export function substringCountFor(entries: number): number {
  const count = Math.floor(HASH256_BITS / Math.log2(Math.max(entries, 2)));
  return Math.min(MAX_SUBSTRINGS, Math.max(MIN_SUBSTRINGS, count));
}

export function substringLayout(substringCount: number): SubstringLayout {
  const shortLength = Math.floor(HASH256_BITS / substringCount);
  const longCount = HASH256_BITS % substringCount;
  const lengths = Array.from({ length: substringCount }, (_, t) => shortLength + (t < longCount ? 1 : 0));
  if (shortLength < 1 || lengths[0]! > MAX_TABLE_BITS) {
    throw new RangeError(`cannot split a PDQ hash into ${substringCount} substrings`);
  }
  const starts = lengths.map((_, t) => lengths.slice(0, t).reduce((sum, length) => sum + length, 0));
  return { starts, lengths };
}

/** The `length` bits from bit `start` of the 8-word row at `base`. */
export function substringKey(words: Uint32Array, base: number, start: number, length: number): number {
  const word = base + (start >>> 5);
  const shift = start & 31;
  let key = words[word]! >>> shift;
  if (shift + length > 32) key |= words[word + 1]! << (32 - shift);
  return key & ((1 << length) - 1);
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

function radiusStepCost(length: number, radius: number, entries: number): number {
  const candidatesPerBucket = entries / 2 ** length;
  return binomial(length, radius) * (BUCKET_PROBE_COST + candidatesPerBucket * CANDIDATE_COST);
}

interface ProbePlan {
  radii: number[];
  /** Per query, in the units above. */
  cost: number;
}

/**
 * The search radius within each substring (-1: not probed) for an exact search
 * up to `maxDistance`, or null when a linear scan is cheaper. Pigeonhole: if the
 * radii satisfy sum(radius + 1) > maxDistance, every hash within maxDistance is
 * within radius of the query on at least one substring. Each step raises the radius
 * whose extra buckets cost least; the step costs grow with the radius, so the
 * greedy choice is the cheapest plan.
 */
function cheapestPlan(layout: SubstringLayout, entries: number, maxDistance: number): ProbePlan | null {
  const { lengths } = layout;
  const radii = lengths.map(() => -1);
  let cost = 0;
  for (let step = 0; step <= maxDistance; step++) {
    let cheapest = -1;
    let cheapestCost = Infinity;
    lengths.forEach((length, t) => {
      const stepCost = radii[t]! < length ? radiusStepCost(length, radii[t]! + 1, entries) : Infinity;
      if (stepCost < cheapestCost) [cheapest, cheapestCost] = [t, stepCost];
    });
    cost += cheapestCost;
    if (cost >= entries * SCAN_COST_PER_ROW) return null;
    radii[cheapest]! += 1;
  }
  return { radii, cost };
}

/** See cheapestPlan. */
export function probeRadii(layout: SubstringLayout, entries: number, maxDistance: number): number[] | null {
  return cheapestPlan(layout, entries, maxDistance)?.radii ?? null;
}

/**
 * The substring count for an index built for one batch of searches and then dropped
 * (`openhotline match`): the least cost of building and searching together. Against
 * substringCountFor, a small batch gets more, shorter substrings: their tables build
 * several times faster and search a little slower.
 */
export function substringCountForBatch(entries: number, queries: number, maxDistance: number): number {
  let best = substringCountFor(entries);
  let bestCost = Infinity;
  for (let count = MIN_SUBSTRINGS; count <= MAX_SUBSTRINGS; count++) {
    const layout = substringLayout(count);
    const build = layout.lengths.reduce(
      (sum, length) => sum + entries * BUILD_COST_PER_ROW + 2 ** length * BUILD_COST_PER_BUCKET,
      0,
    );
    const search = cheapestPlan(layout, entries, maxDistance)?.cost ?? entries * SCAN_COST_PER_ROW;
    const cost = build + queries * search;
    if (cost < bestCost) [best, bestCost] = [count, cost];
  }
  return best;
}

const masksByShape = new Map<number, Uint32Array>();

/** Every `length`-bit mask with at most `radius` bits set, ascending (nearby buckets together). */
export function neighbourMasks(length: number, radius: number): Uint32Array {
  const shape = length * 64 + radius;
  let masks = masksByShape.get(shape);
  if (masks === undefined) {
    masks = Uint32Array.from(collectMasks(length, radius)).sort();
    masksByShape.set(shape, masks);
  }
  return masks;
}

function collectMasks(length: number, radius: number): number[] {
  const masks = [0];
  const extend = (mask: number, lowestBit: number, bitsLeft: number): void => {
    for (let bit = lowestBit; bit < length; bit++) {
      const extended = mask | (1 << bit);
      masks.push(extended);
      if (bitsLeft > 1) extend(extended, bit + 1, bitsLeft - 1);
    }
  };
  if (radius > 0) extend(0, 0, radius);
  return masks;
}
