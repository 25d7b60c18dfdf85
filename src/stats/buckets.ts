/**
 * Durations are counted in fixed buckets: bucket b holds the values above UPPER_EDGES[b - 1] up to
 * and including UPPER_EDGES[b] (seconds); the last bucket holds everything longer. The edges are a
 * minute apart up to 10 minutes, 5 minutes up to an hour, 15 minutes up to a day, an hour up to a
 * week, 6 hours up to 30 days and a day up to a year, so a median read from them is exact to
 * within about 1.5 %. Every threshold the figures ask about (24 h, 72 h, 7 days) is an edge.
 */
export const UPPER_EDGES: readonly number[] = buildEdges();

function buildEdges(): number[] {
  const edges = [0];
  const step = (until: number, by: number) => {
    for (let edge = edges.at(-1)! + by; edge <= until; edge += by) edges.push(edge);
  };
  const minute = 60;
  const hour = 60 * minute;
  const day = 24 * hour;
  step(10 * minute, minute);
  step(hour, 5 * minute);
  step(day, 15 * minute);
  step(7 * day, hour);
  step(30 * day, 6 * hour);
  step(365 * day, day);
  return edges;
}

/** The bucket of a duration in seconds, as SQL's width_bucket(seconds - 1, edges) finds it. */
export function bucketOf(seconds: number): number {
  const index = UPPER_EDGES.findIndex((edge) => seconds <= edge);
  return index === -1 ? UPPER_EDGES.length : index;
}

export interface Histogram {
  /** Values per bucket. */
  counts: ReadonlyMap<number, number>;
}

export interface DurationFigures {
  count: number;
  /** Upper bounds (seconds) of the buckets holding the median and the 90th percentile; null when nothing was measured or beyond a year. */
  median: number | null;
  p90: number | null;
  within24h: number | null;
  within72h: number | null;
  within7d: number | null;
}

const HOUR = 3600;

/** Nearest-rank percentiles (like percentile_disc) and shares within the thresholds, from bucket counts. */
export function durationFigures(counts: ReadonlyMap<number, number>): DurationFigures {
  const buckets = [...counts.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const count = buckets.reduce((sum, [, n]) => sum + n, 0);
  const upperOf = (bucket: number) => UPPER_EDGES[bucket] ?? null;
  const percentile = (share: number) => {
    const rank = Math.max(1, Math.ceil(share * count));
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (seen >= rank) return upperOf(bucket);
    }
    return null;
  };
  const within = (seconds: number) => (count === 0 ? null : buckets.filter(([bucket]) => bucket < UPPER_EDGES.length && UPPER_EDGES[bucket]! <= seconds).reduce((sum, [, n]) => sum + n, 0) / count);
  return {
    count,
    median: count === 0 ? null : percentile(0.5),
    p90: count === 0 ? null : percentile(0.9),
    within24h: within(24 * HOUR),
    within72h: within(72 * HOUR),
    within7d: within(7 * 24 * HOUR),
  };
}
