import type { Category } from '../domain/categories.js';
import type { CapturedMedia, TriageFindings } from '../triage/findings.js';
import type { KnownMedia } from '../triage/known-media.js';
import { categoryLabel } from '../web/category-label.js';
import { byteSize, humanize, when } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import type { ItemView } from './item-view.js';

/**
 * What triage found, on the item page: where the content is hosted, whether the
 * link worked, and the captured media as previews an analyst chose how to see.
 * Media is only ever shown here and in the viewer, one file at a time.
 */
const mediaPath = (itemId: string, media: CapturedMedia) => `/staff/items/${itemId}/media/${media.id}`;
const mediaName = (media: CapturedMedia, position: number) => `${media.kind === 'video' ? 'Video' : 'Image'} ${position}`;

function knownNote(known: KnownMedia, categories: readonly Category[], context: StaffPageContext): Html {
  const category = categories.find((entry) => entry.id === known.category) ?? { id: known.category, severity: 9 };
  const distance = known.pdqDistance === null ? '' : `, PDQ distance ${known.pdqDistance}`;
  return html`Known material on a hash list: ${categoryLabel(category, context)}, ${known.classification} (matched by ${known.matchedBy.join(', ')}${distance}).`;
}

export function hostingSection(findings: TriageFindings): Html {
  const { trace, check } = findings;
  if (!trace && !check) return html`<h2>Triage</h2><p data-testid="triage-pending">Not triaged yet: the address has not been traced or fetched.</p>`;
  return html`<h2>Triage</h2>
<dl data-testid="triage">
  ${trace ? html`<dt>Hosted in</dt><dd data-testid="hosting-country">${trace.country ?? (trace.error ? `unknown: ${trace.error}` : 'unknown (no public address)')}</dd>
  <dt>Addresses</dt><dd><ul class="plain">${trace.addresses.map(
    (address) => html`<li><code>${address.address}</code> ${address.network ? `AS${address.network.asn} ${address.network.organisation}` : ''} ${address.country ?? ''}${address.isPublic ? '' : ' (not a public address)'}</li>`,
  )}</ul> traced ${when(trace.tracedAt)}</dd>` : ''}
  ${check ? html`<dt>Link check</dt><dd data-testid="link-check">${check.httpStatus === null ? `no answer: ${humanize(check.failure ?? 'failed')} (${check.message ?? ''})` : `HTTP ${check.httpStatus}${check.contentType ? `, ${check.contentType}` : ''}`}, ${when(check.checkedAt)}${check.hops.length > 1 ? html`<br>via ${check.hops.length - 1} redirects to <code class="url">${check.hops.at(-1)!}</code>` : ''}</dd>` : ''}
</dl>`;
}

export function mediaSection(item: ItemView, findings: TriageFindings, view: { mayViewMedia: boolean; categories: readonly Category[]; context: StaffPageContext }): Html {
  const { media } = findings;
  if (media.length === 0) return html`<h2>Captured media</h2><p>Nothing was captured.</p>`;
  if (!view.mayViewMedia) return html`<h2>Captured media</h2><p>${media.length} files were captured. Only analysts and supervisors see them.</p>`;
  return html`<h2>Captured media</h2>
<p>Previews are small, and greyscale and blurred unless you changed that in your account settings. Reveal one file at a time; each reveal is recorded and counts toward your day.</p>
<ul class="media-grid" data-testid="media">${media.map(
    (file, index) => html`<li id="media-${file.id}"><figure>
  ${mediaPreview(item, file, index + 1, view)}
  <figcaption>${file.mediaType}, ${byteSize(file.byteLength)}<br><code class="url">${file.sourceUrl}</code><br>
  <a href="${mediaPath(item.id, file)}">Reveal ${mediaName(file, index + 1).toLowerCase()}</a></figcaption>
</figure></li>`,
  )}</ul>`;
}

function mediaPreview(item: ItemView, file: CapturedMedia, position: number, view: { categories: readonly Category[]; context: StaffPageContext }): Html {
  if (file.known) return html`<p class="media-placeholder known">${knownNote(file.known, view.categories, view.context)} Not shown.</p>`;
  if (file.kind === 'video') return html`<p class="media-placeholder">Video: not shown or played until you reveal it.</p>`;
  return html`<img src="${mediaPath(item.id, file)}/preview" alt="${mediaName(file, position)}, blurred preview" class="media-preview">`;
}

export interface ViewerPageView {
  item: ItemView;
  media: CapturedMedia;
  position: number;
  count: number;
  previous: CapturedMedia | undefined;
  next: CapturedMedia | undefined;
  categories: readonly Category[];
}

/** One captured file, revealed: the image in colour at a bounded size, or a muted video that waits to be played. */
export function viewerPage(context: StaffPageContext, view: ViewerPageView): string {
  const { item, media } = view;
  const name = mediaName(media, view.position);
  return staffLayout(
    context,
    `${name} of ${item.host}`,
    html`<h1>${name} of ${view.count}, item on ${item.host}</h1>
<p class="notice" role="status">Revealed at your request. This is recorded in the audit log and counts toward your day.</p>
${media.known ? html`<p class="notice">${knownNote(media.known, view.categories, context)}</p>` : ''}
<div class="viewer" data-testid="viewer">${
      media.kind === 'video'
        ? html`<video src="${mediaPath(item.id, media)}/content" controls muted preload="none" playsinline data-testid="revealed-video">Your browser cannot play ${media.mediaType}.</video>`
        : html`<img src="${mediaPath(item.id, media)}/content" alt="${name}, revealed" data-testid="revealed-image">`
    }</div>
<nav class="viewer-nav" aria-label="Captured media"><ul class="plain inline-list">
  <li><a href="/staff/items/${item.id}#media-${media.id}">Back to the item</a></li>
  ${view.previous ? html`<li><a href="${mediaPath(item.id, view.previous)}">Reveal the previous file</a></li>` : ''}
  ${view.next ? html`<li><a href="${mediaPath(item.id, view.next)}">Reveal the next file</a></li>` : ''}
</ul></nav>
<dl>
  <dt>Captured from</dt><dd><code class="url">${media.sourceUrl}</code></dd>
  <dt>Item address</dt><dd><code class="url">${item.normalizedUrl}</code></dd>
  <dt>Type and size</dt><dd>${media.mediaType}, ${byteSize(media.byteLength)}</dd>
  <dt>Captured</dt><dd>${when(media.capturedAt)}</dd>
  <dt>SHA-256</dt><dd><code class="url">${media.sha256}</code></dd>
  ${media.pdq ? html`<dt>PDQ</dt><dd><code class="url">${media.pdq}</code></dd>` : ''}
</dl>
<div hidden data-exposure-heartbeat="/staff/exposure/heartbeat"></div>`,
    { scripts: ['workbench.js'] },
  );
}
