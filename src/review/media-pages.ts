import type { Category } from '../domain/categories.js';
import type { CapturedMedia, TriageFindings } from '../triage/findings.js';
import type { KnownMedia } from '../triage/known-media.js';
import { categoryLabel } from '../web/category-label.js';
import { byteSize, when } from '../web/format.js';
import { errorSummary } from '../web/forms.js';
import { fill, html, type Html } from '../web/html.js';
import type { Translate } from '../web/i18n/index.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import type { Confirmation } from './confirm-media.js';
import type { ItemView } from './item-view.js';

/**
 * What triage found, on the item page: where the content is hosted, whether the
 * link worked, and the captured media as previews an analyst chose how to see.
 * Media is only ever shown here and in the viewer, one file at a time.
 */
const mediaPath = (itemId: string, media: CapturedMedia) => `/staff/items/${itemId}/media/${media.id}`;
const mediaName = (t: Translate, media: CapturedMedia, position: number) => t(`staff.media.${media.kind}`, { position });

function knownNote(known: KnownMedia, categories: readonly Category[], context: StaffPageContext): string {
  const { t } = context;
  const category = categories.find((entry) => entry.id === known.category) ?? { id: known.category, severity: 9 };
  const values = { category: categoryLabel(category, context), classification: t(`staff.legalBasis.${known.classification}`), hashes: known.matchedBy.join(', ') };
  return known.pdqDistance === null ? t('staff.media.known', values) : t('staff.media.knownPdq', { ...values, distance: known.pdqDistance });
}

export function hostingSection(t: Translate, findings: TriageFindings): Html {
  const { trace, check } = findings;
  if (!trace && !check) return html`<h2>${t('staff.triage.heading')}</h2><p data-testid="triage-pending">${t('staff.triage.pending')}</p>`;
  return html`<h2>${t('staff.triage.heading')}</h2>
<dl data-testid="triage">
  ${trace ? traceFindings(t, trace) : ''}
  ${check ? html`<dt>${t('staff.triage.linkCheck')}</dt><dd data-testid="link-check">${linkCheck(t, check)}</dd>` : ''}
</dl>`;
}

function traceFindings(t: Translate, trace: NonNullable<TriageFindings['trace']>): Html {
  const unknown = trace.error ? t('staff.triage.unknownCountry', { error: trace.error }) : t('staff.triage.noPublicAddress');
  return html`<dt>${t('staff.item.hostedIn')}</dt><dd data-testid="hosting-country">${trace.country ?? unknown}</dd>
  <dt>${t('staff.triage.addresses')}</dt><dd><ul class="plain">${trace.addresses.map(
    (address) =>
      html`<li><code>${address.address}</code> ${address.network ? `AS${address.network.asn} ${address.network.organisation}` : ''} ${address.country ?? ''}${address.isPublic ? '' : ` (${t('staff.triage.notPublic')}${address.notPublic ? `: ${address.notPublic}` : ''})`}</li>`,
  )}</ul> ${fill(t('staff.triage.traced'), { time: when(trace.tracedAt) })}</dd>`;
}

function linkCheck(t: Translate, check: NonNullable<TriageFindings['check']>): Html {
  const answer =
    check.httpStatus === null
      ? t('staff.triage.noAnswer', { failure: t(`staff.failure.${check.failure ?? 'failed'}`), message: check.message ?? '' })
      : `HTTP ${check.httpStatus}${check.contentType ? `, ${check.contentType}` : ''}`;
  const redirects = check.hops.length > 1 ? html`<br>${fill(t('staff.triage.redirects'), { count: check.hops.length - 1, url: html`<code class="url">${check.hops.at(-1)!}</code>` })}` : '';
  return html`${answer}, ${when(check.checkedAt)}${redirects}`;
}

export function mediaSection(item: ItemView, findings: TriageFindings, view: { mayViewMedia: boolean; categories: readonly Category[]; context: StaffPageContext }): Html {
  const { media } = findings;
  const { t, locale } = view.context;
  const heading = html`<h2>${t('staff.media.heading')}</h2>`;
  if (media.length === 0) return html`${heading}<p>${t('staff.media.none')}</p>`;
  if (!view.mayViewMedia) return html`${heading}<p>${t('staff.media.withheld', { count: media.length })}</p>`;
  return html`${heading}
<p>${t('staff.media.intro')}</p>
<ul class="media-grid" data-testid="media">${media.map(
    (file, index) => html`<li id="media-${file.id}"><figure>
  ${mediaPreview(item, file, index + 1, view)}
  <figcaption>${file.mediaType}, ${byteSize(file.byteLength, locale)}<br><code class="url">${file.sourceUrl}</code><br>
  ${file.erasedAt ? '' : html`<a href="${mediaPath(item.id, file)}">${t(`staff.media.reveal.${file.kind}`, { position: index + 1 })}</a>`}</figcaption>
</figure></li>`,
  )}</ul>`;
}

function mediaPreview(item: ItemView, file: CapturedMedia, position: number, view: { categories: readonly Category[]; context: StaffPageContext }): Html {
  const { t } = view.context;
  if (file.erasedAt) return html`<p class="media-withheld">${erasedNote(t, file.erasedAt)}</p>`;
  if (file.known) return html`<p class="media-withheld known">${knownNote(file.known, view.categories, view.context)} ${t('staff.media.notShown')}</p>`;
  if (file.kind === 'video') return html`<p class="media-withheld">${t('staff.media.videoWaits')}</p>`;
  return html`<img src="${mediaPath(item.id, file)}/preview" alt="${t('staff.media.preview', { name: mediaName(t, file, position) })}" class="media-preview">`;
}

function erasedNote(t: Translate, erasedAt: Date): string {
  return t('staff.media.erased', { date: erasedAt.toISOString().slice(0, 10) });
}

function revealed(context: StaffPageContext, item: ItemView, media: CapturedMedia, name: string): Html {
  const { t } = context;
  return html`<p class="notice" role="status">${t('staff.viewer.notice')}</p>
<div class="viewer" data-testid="viewer">${
    media.kind === 'video'
      ? html`<video src="${mediaPath(item.id, media)}/content" controls muted preload="none" playsinline data-testid="revealed-video">${t('staff.viewer.cannotPlay', { type: media.mediaType })}</video>`
      : html`<img src="${mediaPath(item.id, media)}/content" alt="${t('staff.viewer.revealed', { name })}" data-testid="revealed-image">`
  }</div>`;
}

export interface ViewerPageView {
  item: ItemView;
  media: CapturedMedia;
  position: number;
  count: number;
  previous: CapturedMedia | undefined;
  next: CapturedMedia | undefined;
  categories: readonly Category[];
  /** What the viewer's user may add the file to the own hash list as, if anything. */
  confirmation: Confirmation | undefined;
  notice?: string;
  problem?: string;
}

/** One captured file, revealed: the image in colour at a bounded size, or a muted video that waits to be played. */
export function viewerPage(context: StaffPageContext, view: ViewerPageView): string {
  const { item, media } = view;
  const { t } = context;
  const name = mediaName(t, media, view.position);
  return staffLayout(
    context,
    t('staff.viewer.title', { name, host: item.host }),
    html`<h1>${t('staff.viewer.heading', { name, count: view.count, host: item.host })}</h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
${view.problem ? errorSummary(t('errors.title'), [{ fieldId: 'confirm', message: view.problem }]) : ''}
${media.erasedAt ? html`<p class="notice" role="status">${erasedNote(t, media.erasedAt)}</p>` : revealed(context, item, media, name)}
${media.known ? html`<p class="notice">${knownNote(media.known, view.categories, context)}</p>` : ''}
<nav class="viewer-nav" aria-label="${t('staff.media.heading')}"><ul class="plain inline-list">
  <li><a href="/staff/items/${item.id}#media-${media.id}">${t('staff.viewer.back')}</a></li>
  ${view.previous ? html`<li><a href="${mediaPath(item.id, view.previous)}">${t('staff.viewer.revealPrevious')}</a></li>` : ''}
  ${view.next ? html`<li><a href="${mediaPath(item.id, view.next)}">${t('staff.viewer.revealNext')}</a></li>` : ''}
</ul></nav>
${view.confirmation ? confirmForm(context, item, media, view.confirmation, view.categories) : ''}
${mediaFacts(context, item, media)}
<div hidden data-exposure-heartbeat="/staff/exposure/heartbeat"></div>`,
    { scripts: ['workbench.js'] },
  );
}

function confirmForm(context: StaffPageContext, item: ItemView, media: CapturedMedia, confirmation: Confirmation, categories: readonly Category[]): Html {
  const { t } = context;
  const category = categoryLabel(categories.find((entry) => entry.id === confirmation.category) ?? { id: confirmation.category, severity: 9 }, context);
  return html`<form method="post" action="${mediaPath(item.id, media)}/confirm" class="confirm">
  <input type="hidden" name="_csrf" value="${context.csrfToken}">
  <p>${t('staff.viewer.confirmHint')}</p>
  <button type="submit" id="confirm">${t('staff.viewer.confirm', { category, classification: confirmation.legalBasis })}</button>
</form>`;
}

function mediaFacts({ t, locale }: StaffPageContext, item: ItemView, media: CapturedMedia): Html {
  return html`<dl>
  <dt>${t('staff.viewer.source')}</dt><dd><code class="url">${media.sourceUrl}</code></dd>
  <dt>${t('staff.viewer.itemAddress')}</dt><dd><code class="url">${item.normalizedUrl}</code></dd>
  <dt>${t('staff.viewer.typeAndSize')}</dt><dd>${media.mediaType}, ${byteSize(media.byteLength, locale)}</dd>
  <dt>${t('staff.viewer.captured')}</dt><dd>${when(media.capturedAt)}</dd>
  <dt>SHA-256</dt><dd><code class="url">${media.sha256}</code></dd>
  ${media.pdq ? html`<dt>PDQ</dt><dd><code class="url">${media.pdq}</code></dd>` : ''}
</dl>`;
}
