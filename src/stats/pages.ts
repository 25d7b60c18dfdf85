import type { Category } from '../domain/categories.js';
import { categoryLabel } from '../web/category-label.js';
import { errorSummary, type ShownError } from '../web/forms.js';
import { html, type Html } from '../web/html.js';
import { layout, type PageContext } from '../web/layout.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import { chartFigure, type Dataset } from './charts.js';
import { providerDatasets, summaryDatasets } from './datasets.js';
import { PROVIDER_SORTS, type ProviderFigures, type ProviderMonth, type ProviderSort, type StatsFilter, type Summary } from './figures.js';
import { filterQueryString, providerKeyText } from './filters.js';
import type { Period } from './period.js';

type Context = Pick<PageContext, 't' | 'locale'>;

const percent = (share: number | null, locale: string) => (share === null ? '–' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share));
const number = (value: number | null, locale: string, digits = 0) => (value === null ? '–' : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value));
/** A duration in hours (to a tenth), as the figures are read from buckets a minute to a day wide. */
const hours = (seconds: number | null, locale: string) =>
  seconds === null ? '–' : new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'short', maximumFractionDigits: 1 }).format(seconds / 3600);

function keyFigures(summary: Summary, context: Context): Html {
  const { t, locale } = context;
  const rows: [string, string][] = [
    [t('stats.reports'), number(summary.reports, locale)],
    [t('stats.items'), number(summary.items, locale)],
    [t('stats.shareIllegal'), percent(summary.shareIllegal, locale)],
    [t('stats.knownMaterial'), number(summary.knownMaterial, locale)],
    [t('stats.assessment.median'), hours(summary.timeToAssessment.median, locale)],
    [t('stats.notifiedItems'), number(summary.notifiedItems, locale)],
    [t('stats.removal.median'), hours(summary.timeToRemoval.median, locale)],
    [t('stats.removal.p90'), hours(summary.timeToRemoval.p90, locale)],
    [t('stats.removal.within24h'), percent(summary.timeToRemoval.within24h, locale)],
    [t('stats.removal.within72h'), percent(summary.timeToRemoval.within72h, locale)],
    [t('stats.removal.within7d'), percent(summary.timeToRemoval.within7d, locale)],
    [t('stats.perItem.notices'), number(summary.perNotifiedItem.notices, locale, 2)],
    [t('stats.perItem.reminders'), number(summary.perNotifiedItem.reminders, locale, 2)],
    [t('stats.perItem.escalations'), number(summary.perNotifiedItem.escalations, locale, 2)],
    [t('stats.moves'), number(summary.moves, locale)],
    [t('stats.reappearances'), number(summary.reappearances, locale)],
    [t('stats.disputes'), number(summary.disputes, locale)],
  ];
  return html`<dl class="facts" data-testid="key-figures">${rows.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>
<p class="hint">${t('stats.buckets.note')}</p>`;
}

function charts(datasets: readonly Dataset[], context: Context, csvHref: ((dataset: Dataset) => string) | undefined): Html {
  return html`${datasets.map((dataset) =>
    chartFigure(dataset, { locale: context.locale, csvHref: csvHref?.(dataset), csvLabel: context.t('stats.csv', { title: dataset.title }), alt: context.t('stats.chart.alt', { title: dataset.title }) }),
  )}`;
}

export interface DashboardView {
  filter: StatsFilter | undefined;
  query: Record<string, string | undefined>;
  errors: ShownError[];
  summary: Summary | undefined;
  providers: readonly ProviderFigures[];
  categories: readonly Category[];
  refreshedUntil: Date | undefined;
}

function filterForm(context: StaffPageContext, view: DashboardView, action: string): Html {
  const { t } = context;
  const value = (name: string) => view.query[name] ?? (view.filter ? (view.filter as unknown as Record<string, string | undefined>)[name] : undefined) ?? '';
  const selectedProvider = view.query.provider ?? (view.filter?.provider ? providerKeyText(view.filter.provider) : '');
  return html`${errorSummary(t('stats.problem.title'), view.errors)}
<form method="get" action="${action}" class="filters" aria-label="${t('stats.filters')}">
  <div class="field"><label for="from">${t('stats.from')}</label><input type="date" id="from" name="from" value="${value('from')}"></div>
  <div class="field"><label for="to">${t('stats.to')}</label><input type="date" id="to" name="to" value="${value('to')}"></div>
  <div class="field"><label for="category">${t('stats.category')}</label><select id="category" name="category"><option value="">${t('stats.all')}</option>${view.categories.map(
    (category) => html`<option value="${category.id}"${value('category') === category.id ? html` selected` : ''}>${categoryLabel(category, context)}</option>`,
  )}</select></div>
  <div class="field"><label for="country">${t('stats.country')}</label><input type="text" id="country" name="country" class="short" maxlength="2" value="${value('country')}" aria-describedby="country-hint"><p class="hint" id="country-hint">${t('stats.country.hint')}</p></div>
  <div class="field wide"><label for="provider">${t('stats.provider')}</label><select id="provider" name="provider"><option value="">${t('stats.all')}</option>${view.providers.map((provider) => {
    const key = providerKeyText(provider.key);
    return html`<option value="${key}"${selectedProvider === key ? html` selected` : ''}>${provider.name}</option>`;
  })}</select></div>
  <p class="filter-actions"><button type="submit">${t('stats.show')}</button></p>
</form>`;
}

const asOf = (context: Context, refreshedUntil: Date | undefined) =>
  html`<p class="hint">${refreshedUntil ? context.t('stats.asOf', { time: `${refreshedUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC` }) : context.t('stats.notYet')}</p>`;

export function dashboardPage(context: StaffPageContext, view: DashboardView): string {
  const { t } = context;
  const query = view.filter ? filterQueryString(view.filter) : '';
  const body = view.summary
    ? html`${asOf(context, view.refreshedUntil)}
<h2>${t('stats.keyFigures')}</h2>
${keyFigures(view.summary, context)}
<p><a href="/staff/stats/providers?${query}">${t('stats.providers.link')}</a></p>
${charts(Object.values(summaryDatasets(view.summary, context, view.categories)), context, (dataset) => `/staff/stats/csv/${dataset.id}?${query}`)}`
    : '';
  return staffLayout(context, t('stats.title'), html`<h1>${t('stats.title')}</h1>${filterForm(context, view, '/staff/stats')}${body}`);
}

export interface ProvidersView extends DashboardView {
  sort: ProviderSort;
  descending: boolean;
}

const PROVIDER_COLUMNS: Record<ProviderSort, Parameters<StaffPageContext['t']>[0]> = {
  name: 'stats.provider',
  notified: 'stats.provider.notified',
  median: 'stats.provider.median',
  p90: 'stats.provider.p90',
  inTime: 'stats.provider.inTime',
  open: 'stats.provider.open',
  reminders: 'stats.provider.reminders',
  escalations: 'stats.provider.escalations',
  disputes: 'stats.provider.disputes',
};

function providerCells(row: ProviderFigures, locale: string): Record<Exclude<ProviderSort, 'name'>, string> {
  return {
    notified: number(row.notified, locale),
    median: hours(row.medianSeconds, locale),
    p90: hours(row.p90Seconds, locale),
    inTime: percent(row.shareInTime, locale),
    open: number(row.open, locale),
    reminders: number(row.reminders, locale),
    escalations: number(row.escalations, locale),
    disputes: number(row.disputes, locale),
  };
}

export function providersPage(context: StaffPageContext, view: ProvidersView): string {
  const { t, locale } = context;
  const filter = view.filter;
  const heading = (sort: ProviderSort) => {
    const current = sort === view.sort;
    const descending = current ? !view.descending : sort !== 'name';
    const href = filter ? `/staff/stats/providers?${filterQueryString(filter, { sort, order: descending ? 'desc' : 'asc' })}` : '#';
    return html`<th scope="col"${current ? html` aria-sort="${view.descending ? 'descending' : 'ascending'}"` : ''}><a href="${href}">${t(PROVIDER_COLUMNS[sort])}</a></th>`;
  };
  const table = filter
    ? html`${asOf(context, view.refreshedUntil)}
<table data-testid="providers">
<caption>${t('stats.providers.caption', { from: filter.from, to: filter.to })}</caption>
<thead><tr>${PROVIDER_SORTS.map(heading)}</tr></thead>
<tbody>${view.providers.map((row) => {
        const cells = providerCells(row, locale);
        return html`<tr><th scope="row"><a href="/staff/stats/providers/${providerKeyText(row.key)}?${filterQueryString({ ...filter, provider: undefined })}">${row.name}</a></th>${PROVIDER_SORTS.filter((sort) => sort !== 'name').map((sort) => html`<td>${cells[sort as Exclude<ProviderSort, 'name'>]}</td>`)}</tr>`;
      })}</tbody>
</table>
<p><a href="/staff/stats/providers.csv?${filterQueryString(filter)}" download>${t('stats.csv', { title: t('stats.providers.title') })}</a></p>
<p class="hint">${t('stats.buckets.note')}</p>`
    : '';
  return staffLayout(context, t('stats.providers.title'), html`<h1>${t('stats.providers.title')}</h1><p><a href="/staff/stats">${t('stats.title')}</a></p>${filterForm(context, view, '/staff/stats/providers')}${table}`);
}

export function providerHistoryPage(context: StaffPageContext, view: { provider: ProviderFigures | undefined; name: string; period: Period; months: readonly ProviderMonth[] }): string {
  const { t, locale } = context;
  const facts = view.provider
    ? html`<dl class="facts">${PROVIDER_SORTS.filter((sort) => sort !== 'name').map((sort) => html`<dt>${t(PROVIDER_COLUMNS[sort])}</dt><dd>${providerCells(view.provider!, locale)[sort as Exclude<ProviderSort, 'name'>]}</dd>`)}</dl>`
    : html`<p>${t('stats.provider.nothing')}</p>`;
  return staffLayout(
    context,
    view.name,
    html`<h1>${view.name}</h1>
<p><a href="/staff/stats/providers?${filterQueryString(view.period)}">${t('stats.providers.title')}</a></p>
<p>${t('stats.provider.period', { from: view.period.from, to: view.period.to })}</p>
${facts}
${charts(providerDatasets(view.months, context), context, undefined)}`,
  );
}

/** The public page: last year's figures in aggregate, no provider named, nothing about any item. */
export function transparencyPage(context: PageContext, view: { summary: Summary; categories: readonly Category[] }): string {
  const { t } = context;
  const datasets = summaryDatasets(view.summary, context, view.categories);
  const year = view.summary.period.from.slice(0, 4);
  return layout(context, {
    title: t('transparency.title', { year }),
    body: html`<h1>${t('transparency.title', { year })}</h1>
<p>${t('transparency.lead', { year })}</p>
${keyFigures(view.summary, context)}
${charts([datasets.received, datasets.outcomes, datasets.hosting, datasets.removal, datasets.categories], context, undefined)}`,
  });
}
