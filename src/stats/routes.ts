import { createHash, timingSafeEqual } from 'node:crypto';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { staffContext } from '../auth/routes.js';
import type { StatsFeedAccess } from '../config/config.js';
import type { Database } from '../db/schema.js';
import type { Category } from '../domain/categories.js';
import { rateLimitPerMinute } from '../intake/rate-limit.js';
import { ApiErrorSchema } from '../server/errors.js';
import { translator } from '../web/i18n/index.js';
import { pageContext, sendPage } from '../web/i18n-plugin.js';
import { datasetCsv } from './charts.js';
import { isSummaryDataset, summaryDatasets } from './datasets.js';
import { PROVIDER_SORTS, providerHistory, providerTable as providerTableOf, sortProviders, summary as summaryOf, type ProviderFigures, type ProviderSort, type StatsFilter } from './figures.js';
import { parseFilter, parseProviderKey, providerKeyText, type FilterProblem, type FilterQuery } from './filters.js';
import { dashboardPage, providerHistoryPage, providersPage, transparencyPage, type DashboardView } from './pages.js';
import { lastDays, lastYear } from './period.js';

export interface StatsRoutesOptions {
  db: Kysely<Database>;
  categories: readonly Category[];
  feed: { access: StatsFeedAccess; key: string | undefined };
  rateLimitPerMinute: number;
}

const config = { access: 'stats.view' as const };
const hidden = { hide: true };
const security = [{ bearerAuth: [] }];
/** Programs read the API's messages in English. */
const english = translator('en');
/** The feed covers the last year up to today. */
const FEED_DAYS = 365;

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A day (UTC), YYYY-MM-DD; both ends are included' });
const SummaryQuery = Type.Object(
  {
    from: Type.Optional(DateText),
    to: Type.Optional(DateText),
    category: Type.Optional(Type.String({ maxLength: 40 })),
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'Hosting country, ISO 3166-1 alpha-2' })),
  },
  { additionalProperties: false },
);
const PeriodQuery = Type.Object({ from: Type.Optional(DateText), to: Type.Optional(DateText) }, { additionalProperties: false });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Counts = Type.Record(Type.String(), Type.Integer());
const Durations = Type.Object(
  {
    count: Type.Integer(),
    median: Nullable(Type.Number({ description: 'Seconds: the upper end of the bucket holding the median' })),
    p90: Nullable(Type.Number()),
    within24h: Nullable(Type.Number({ description: 'Share, 0 to 1' })),
    within72h: Nullable(Type.Number()),
    within7d: Nullable(Type.Number()),
  },
  { description: 'Durations counted in buckets a minute to a day wide; percentiles are the upper end of their bucket' },
);
const SummaryResponse = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  granularity: Type.String(),
  reports: Type.Integer(),
  items: Type.Integer(),
  byStatus: Counts,
  byOutcome: Type.Object({ illegal: Type.Integer(), not_illegal: Type.Integer(), unavailable: Type.Integer() }),
  shareIllegal: Nullable(Type.Number()),
  byCategory: Counts,
  byCountry: Counts,
  hosting: Type.Object({ domestic: Type.Integer(), forwarded: Type.Integer(), referred: Type.Integer() }),
  notifiedItems: Type.Integer(),
  knownMaterial: Type.Integer(),
  timeToAssessment: Durations,
  timeToRemoval: Durations,
  perNotifiedItem: Type.Object({ notices: Nullable(Type.Number()), reminders: Nullable(Type.Number()), escalations: Nullable(Type.Number()) }),
  moves: Type.Integer(),
  reappearances: Type.Integer(),
  disputes: Type.Integer(),
  series: Type.Array(Type.Object({ start: Type.String(), reports: Type.Integer(), items: Type.Integer(), illegal: Type.Integer() })),
});
const ProviderRow = Type.Object({
  provider: Type.String({ description: 'The directory number, or AS and the network number' }),
  name: Type.String(),
  asn: Nullable(Type.Integer()),
  country: Type.Union([Type.String(), Type.Null()]),
  notified: Type.Integer(),
  removed: Type.Integer(),
  open: Type.Integer(),
  medianSeconds: Nullable(Type.Number()),
  p90Seconds: Nullable(Type.Number()),
  shareInTime: Nullable(Type.Number()),
  reminders: Type.Integer(),
  escalations: Type.Integer(),
  disputes: Type.Integer(),
});
type ProviderRowBody = Static<typeof ProviderRow>;
const ProvidersResponse = Type.Object({ period: Type.Object({ from: Type.String(), to: Type.String() }), providers: Type.Array(ProviderRow) });

const providerBody = (row: ProviderFigures): ProviderRowBody => {
  const { key, ...figures } = row;
  return { provider: providerKeyText(key), ...figures };
};

function sameKey(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Statistics: the dashboard, provider performance, CSV and JSON, the public feed and the transparency page. */
export async function statsRoutes(app: FastifyInstance, options: StatsRoutesOptions): Promise<void> {
  const { db, categories } = options;
  const problemsOf = (t: typeof english, problems: readonly FilterProblem[]) => problems.map((problem) => ({ fieldId: fieldOf(problem), message: t(`stats.problem.${problem}`) }));
  const refreshedUntil = async () => (await db.selectFrom('stats_refresh').select('refreshed_until').executeTakeFirst())?.refreshed_until;
  const changedAt = async () => (await db.selectFrom('stats_refresh').select('changed_at').executeTakeFirst())?.changed_at ?? undefined;
  const figures = figuresOf(changedAt);
  const summary = (filter: StatsFilter) => figures('summary', filter, () => summaryOf(db, filter));
  const providerTable = (database: typeof db, filter: StatsFilter) => figures('providers', filter, () => providerTableOf(database, filter));

  /** The dashboard's filter, or the page saying what is wrong with it. */
  async function dashboardView(request: FastifyRequest<{ Querystring: FilterQuery }>): Promise<DashboardView> {
    const parsed = parseFilter(request.query, categories);
    const base = { query: { ...request.query }, categories, refreshedUntil: await refreshedUntil() };
    if ('problems' in parsed) {
      return { ...base, filter: undefined, errors: problemsOf(request.t, parsed.problems), summary: undefined, providers: await providerTable(db, lastDays(FEED_DAYS)) };
    }
    const filter = parsed.filter;
    const [shown, providers] = await Promise.all([summary(filter), providerTable(db, { ...filter, provider: undefined })]);
    return { ...base, filter, errors: [], summary: shown, providers };
  }

  app.get<{ Querystring: FilterQuery }>('/staff/stats', { config, schema: hidden }, async (request, reply) => {
    const view = await dashboardView(request);
    return sendPage(reply, dashboardPage(staffContext(request, reply), view), view.errors.length > 0 ? 400 : 200);
  });

  app.get<{ Params: { dataset: string }; Querystring: FilterQuery }>('/staff/stats/csv/:dataset', { config, schema: hidden }, async (request, reply) => {
    const parsed = parseFilter(request.query, categories);
    if ('problems' in parsed) return reply.code(400).type('text/plain; charset=utf-8').send(problemsOf(request.t, parsed.problems).map((problem) => problem.message).join('\n'));
    if (!isSummaryDataset(request.params.dataset)) return reply.code(404).type('text/plain; charset=utf-8').send(request.t('page.notFound.title'));
    const dataset = summaryDatasets(await summary(parsed.filter), pageContext(request), categories)[request.params.dataset];
    return csvReply(reply, `${dataset.id}-${parsed.filter.from}-${parsed.filter.to}.csv`, datasetCsv(dataset));
  });

  const sortOf = (query: { sort?: string | undefined; order?: string | undefined }): { sort: ProviderSort; descending: boolean } => {
    const sort = PROVIDER_SORTS.find((name) => name === query.sort) ?? 'notified';
    return { sort, descending: query.order ? query.order !== 'asc' : sort !== 'name' };
  };

  app.get<{ Querystring: FilterQuery & { sort?: string; order?: string } }>('/staff/stats/providers', { config, schema: hidden }, async (request, reply) => {
    const view = await dashboardView(request);
    const { sort, descending } = sortOf(request.query);
    const rows = view.filter ? await providerTable(db, view.filter) : [];
    return sendPage(reply, providersPage(staffContext(request, reply), { ...view, providers: sortProviders(view.filter ? rows : view.providers, sort, descending), sort, descending }), view.errors.length > 0 ? 400 : 200);
  });

  app.get<{ Querystring: FilterQuery & { sort?: string; order?: string } }>('/staff/stats/providers.csv', { config, schema: hidden }, async (request, reply) => {
    const parsed = parseFilter(request.query, categories);
    if ('problems' in parsed) return reply.code(400).type('text/plain; charset=utf-8').send(problemsOf(request.t, parsed.problems).map((problem) => problem.message).join('\n'));
    const { sort, descending } = sortOf(request.query);
    const rows = sortProviders(await providerTable(db, parsed.filter), sort, descending).map(providerBody);
    return csvReply(reply, `providers-${parsed.filter.from}-${parsed.filter.to}.csv`, providerCsv(rows));
  });

  app.get<{ Params: { key: string }; Querystring: FilterQuery }>('/staff/stats/providers/:key', { config, schema: hidden }, async (request, reply) => {
    const key = parseProviderKey(request.params.key);
    const parsed = parseFilter({ ...request.query, provider: undefined }, categories);
    const context = staffContext(request, reply);
    if (!key) return sendPage(reply, dashboardPage(context, { ...(await dashboardView(request)), errors: problemsOf(request.t, ['provider']), summary: undefined }), 404);
    if ('problems' in parsed) return sendPage(reply, dashboardPage(context, await dashboardView(request)), 400);
    const filter: StatsFilter & { provider: typeof key } = { ...parsed.filter, provider: key };
    const [months, rows] = await Promise.all([providerHistory(db, filter), providerTable(db, filter)]);
    const provider = rows[0];
    return sendPage(reply, providerHistoryPage(context, { provider, name: provider?.name ?? providerKeyText(key), period: parsed.filter, months }));
  });

  /** A JSON view of the figures for a filter the query string gives, with its schemas in the OpenAPI document. */
  const figuresApi = <Q extends TSchema>(url: string, summaryText: string, querystring: Q, response: TSchema, answer: (filter: StatsFilter) => Promise<unknown>) =>
    app.get<{ Querystring: Static<Q> }>(url, { config, schema: { tags: ['stats'], summary: summaryText, security, querystring, response: { 200: response, 400: ApiErrorSchema } } }, async (request, reply) => {
      const parsed = parseFilter(request.query as FilterQuery, categories);
      if ('problems' in parsed) return badFilter(reply, parsed.problems);
      return answer(parsed.filter);
    });

  figuresApi(
    '/api/v1/stats/summary',
    'Figures for a period (default: the last 365 days), by status, outcome, category and hosting country, with times to assessment and removal',
    SummaryQuery,
    SummaryResponse,
    summary,
  );
  figuresApi(
    '/api/v1/stats/providers',
    'Provider performance for a period: items notified, median and p90 time to removal, share removed within the deadline, open items, reminders, escalations and disputes',
    PeriodQuery,
    ProvidersResponse,
    async (filter) => ({ period: { from: filter.from, to: filter.to }, providers: sortProviders(await providerTable(db, filter), 'notified', true).map(providerBody) }),
  );

  await feedRoutes(app, options, (filter) => providerTable(db, filter));

  app.get('/transparency', { config: { access: 'public', ...rateLimitPerMinute(options.rateLimitPerMinute) }, schema: hidden }, async (request, reply) => {
    return sendPage(reply, transparencyPage(pageContext(request), { summary: await summary(lastYear()), categories }));
  });
}

/** Figures kept per filter until a refresh changes the rollups, so that a page's charts and CSV reuse its query. */
function figuresOf(changedAt: () => Promise<Date | undefined>) {
  const kept = new Map<string, Promise<unknown>>();
  const KEPT = 100;
  return async <T>(kind: string, filter: StatsFilter, compute: () => Promise<T>): Promise<T> => {
    const key = `${(await changedAt())?.toISOString() ?? 'never'} ${kind} ${JSON.stringify(filter)}`;
    const known = kept.get(key) as Promise<T> | undefined;
    if (known) return known;
    if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
    const computing = compute();
    kept.set(key, computing);
    computing.catch(() => kept.delete(key));
    return computing;
  };
}

function badFilter(reply: FastifyReply, problems: readonly FilterProblem[]) {
  const errors = problems.map((problem) => ({ field: fieldOf(problem), code: `stats.${problem}`, message: english(`stats.problem.${problem}`) }));
  return reply.code(400).send({ error: 'bad_filter', message: errors.map((error) => error.message).join(' '), errors });
}

const fieldOf = (problem: FilterProblem) => (problem === 'order' || problem === 'length' ? 'from' : problem);

function csvReply(reply: FastifyReply, filename: string, body: string): FastifyReply {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(body);
}

const PROVIDER_CSV_COLUMNS = ['provider', 'name', 'asn', 'country', 'notified', 'removed', 'open', 'medianSeconds', 'p90Seconds', 'shareInTime', 'reminders', 'escalations', 'disputes'] as const satisfies readonly (keyof ProviderRowBody)[];

function providerCsv(rows: readonly ProviderRowBody[]): string {
  return stringify([[...PROVIDER_CSV_COLUMNS], ...rows.map((row) => PROVIDER_CSV_COLUMNS.map((column) => row[column] ?? ''))]);
}

/**
 * The provider-performance feed, like abuseportal's: per provider the items notified in the
 * last year, how fast they came down and how many are still up — never a URL, an abuse
 * address or anything about a person. STATS_FEED says who may read it.
 */
async function feedRoutes(app: FastifyInstance, options: StatsRoutesOptions, providerTable: (filter: StatsFilter) => Promise<ProviderFigures[]>): Promise<void> {
  const { feed } = options;
  const routeConfig = { access: 'public' as const, ...rateLimitPerMinute(options.rateLimitPerMinute) };
  const allowed = (request: FastifyRequest<{ Querystring: { key?: string } }>) => {
    if (feed.access === 'public') return true;
    const given = request.query.key ?? /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    return feed.access === 'key' && feed.key !== undefined && given !== undefined && sameKey(given, feed.key);
  };
  const feedRows = async () => {
    const period = lastDays(FEED_DAYS);
    return { period, rows: sortProviders(await providerTable(period), 'name', false).map(providerBody) };
  };
  const refuse = (reply: FastifyReply) =>
    feed.access === 'off'
      ? reply.code(404).send({ error: 'not_found', message: 'The provider feed is off (STATS_FEED=off).' })
      : reply.code(401).send({ error: 'unauthorized', message: 'The provider feed needs its key, as ?key= or a bearer token.' });
  const schema = { hide: true, querystring: Type.Object({ key: Type.Optional(Type.String({ maxLength: 200 })) }) };

  app.get<{ Querystring: { key?: string } }>('/feeds/providers.json', { config: routeConfig, schema }, async (request, reply) => {
    if (!allowed(request)) return refuse(reply);
    const { period, rows } = await feedRows();
    return { generatedAt: new Date().toISOString(), period, note: 'Items the hotline notified each provider about, by the day they were reported; times in seconds, read from buckets (upper end).', providers: rows };
  });

  app.get<{ Querystring: { key?: string } }>('/feeds/providers.csv', { config: routeConfig, schema }, async (request, reply) => {
    if (!allowed(request)) return refuse(reply);
    const { rows } = await feedRows();
    return csvReply(reply, 'providers.csv', providerCsv(rows));
  });
}

