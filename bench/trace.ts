/**
 * The offline IP data tracing uses: how long a worker takes to read it, how
 * much memory it holds, and how fast addresses are looked up.
 *
 *   npm run bench:trace
 */
import { IpData } from '../src/trace/ip-data.js';

const LOOKUPS = 1_000_000;

/** Spread-out public-looking IPv4 addresses, the same in every run. */
function sampleAddress(n: number): string {
  const mixed = Math.imul(n + 1, 2_654_435_761) >>> 0;
  return `${1 + (mixed % 223)}.${(mixed >>> 8) & 255}.${(mixed >>> 16) & 255}.${mixed >>> 24}`;
}

async function main(): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const loadStarted = performance.now();
  const ipData = await IpData.open();
  const loadMs = performance.now() - loadStarted;
  const rssMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;

  let withCountry = 0;
  const lookupStarted = performance.now();
  for (let n = 0; n < LOOKUPS; n += 1) if (ipData.lookup(sampleAddress(n)).country) withCountry += 1;
  const lookupSeconds = (performance.now() - lookupStarted) / 1000;

  console.table([
    {
      'load (s)': (loadMs / 1000).toFixed(2),
      'RSS added (MiB)': Math.round(rssMiB),
      'lookups/s': Math.round(LOOKUPS / lookupSeconds),
      'addresses with a country': `${((100 * withCountry) / LOOKUPS).toFixed(1)} %`,
    },
  ]);
}

await main();
