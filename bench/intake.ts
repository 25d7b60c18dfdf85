/**
 * npm run bench:intake — reports per second through POST /api/v1/reports,
 * with GET /healthz in the same run as the ceiling of the HTTP stack, on
 * PGlite and on PostgreSQL (DATABASE_URL, or a throwaway server of Debian's
 * packages when one is installed).
 */
import autocannon, { type Result } from 'autocannon';
import { startServer } from './support/server.js';
import { startThrowawayPostgres } from './support/throwaway-postgres.js';

const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const WARM_UP_SECONDS = 3;

interface Row {
  engine: string;
  target: string;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

function drive(url: string, options: Partial<autocannon.Options>): Promise<Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: DURATION_SECONDS, ...options });
}

let serial = 0;
function reportRequest(url: string): Partial<autocannon.Options> {
  return {
    url: `${url}/api/v1/reports`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ urls: [`https://bench-${process.pid}-${serial++}.test-illegal.example/page`], category: 'csam' }),
        }),
      },
    ],
  };
}

function rowOf(engine: string, target: string, result: Result): Row {
  return {
    engine,
    target,
    perSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function measure(engine: string, env: Record<string, string>, port: number): Promise<Row[]> {
  const server = await startServer(env, port);
  try {
    // Warm-up, not measured: the JIT, the connection pool and the database's caches.
    await drive(`${server.url}/healthz`, { duration: WARM_UP_SECONDS });
    await drive(server.url, { ...reportRequest(server.url), duration: WARM_UP_SECONDS });
    const health = rowOf(engine, 'GET /healthz', await drive(`${server.url}/healthz`, {}));
    const reports = rowOf(engine, 'POST /api/v1/reports', await drive(server.url, reportRequest(server.url)));
    return [health, reports];
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  rows.push(...(await measure('pglite', { DATABASE_URL: '' }, 3901)));
  const throwaway = process.env.DATABASE_URL ? undefined : startThrowawayPostgres();
  const postgresUrl = process.env.DATABASE_URL ?? throwaway?.url;
  try {
    if (postgresUrl) rows.push(...(await measure('postgres', { DATABASE_URL: postgresUrl }, 3902)));
    else console.log('PostgreSQL skipped: set DATABASE_URL or install the postgresql package');
  } finally {
    throwaway?.stop();
  }

  console.log(`\n${DURATION_SECONDS} s per target, ${CONNECTIONS} connections, distinct URLs\n`);
  console.table(
    rows.map((row) => ({
      engine: row.engine,
      target: row.target,
      'requests/s': row.perSecond,
      'p50 ms': row.p50,
      'p99 ms': row.p99,
      errors: row.errors,
    })),
  );
  for (const engine of new Set(rows.map((row) => row.engine))) {
    const [health, reports] = rows.filter((row) => row.engine === engine);
    console.log(`${engine}: ${reports!.perSecond} reports/s = ${((100 * reports!.perSecond) / health!.perSecond).toFixed(1)} % of /healthz`);
  }
}

await main();
