import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isUuid } from '../domain/ids.js';
import { shownNoticeState } from '../domain/notice-lifecycle.js';
import { rateLimitPerMinute } from '../intake/rate-limit.js';
import { noteOnTimeline } from '../items/lifecycle-store.js';
import { when } from '../web/format.js';
import { fill, html, type Html } from '../web/html.js';
import { pageContext, sendPage } from '../web/i18n-plugin.js';
import { layout, type PageContext } from '../web/layout.js';
import { isNoticePageToken } from './provider-link.js';
import { noticeById, type NoticeRow } from './store.js';
import { disputeText } from './disputes.js';
import { contentStateOf, isStillOpen, noticeItemStates, type NoticeItemState } from './notice-items.js';
import { DISPUTE_REASONS, type DisputeReason } from './tables.js';

export interface NoticePageOptions {
  db: Kysely<Database>;
  pageKey: Buffer;
  rateLimitPerMinute: number;
  /** Called after a provider confirmed removal: a check of these items now (the confirmation alone never marks them removed). */
  onRemovalConfirmed?: (itemIds: readonly string[]) => Promise<void>;
}

type Params = { Params: { id: string; token: string } };
const MAX_REASON_LENGTH = 2000;

function contentState(t: PageContext['t'], item: NoticeItemState): Html | string {
  const state = contentStateOf(item);
  if (state === 'moved' || state === 'withdrawn') return fill(t('takedown.page.movedAt'), { time: when(item.closedAt!) });
  if (state === 'removed') return fill(t('takedown.page.removedAt'), { time: when(item.removedAt ?? item.closedAt!) });
  return t('takedown.page.online');
}

function answerText(t: PageContext['t'], item: NoticeItemState): Html | string {
  if (!item.response) return t('takedown.page.open');
  return html`${t(`takedown.response.${item.response}`, { reason: disputeText(t, item.disputeReason, item.responseReason) })} (${when(item.respondedAt!)})`;
}

function answerForm(context: PageContext & { csrfToken: string }, path: string, item: NoticeItemState): Html {
  const { t } = context;
  const id = item.itemId;
  return html`<form method="post" action="${path}" class="inline"><input type="hidden" name="_csrf" value="${context.csrfToken}"><input type="hidden" name="item" value="${id}">
<button type="submit" name="response" value="removed">${t('takedown.page.removed')}</button>
<label for="why-${id}">${t('takedown.page.disputeReason')}</label> <select id="why-${id}" name="dispute">${DISPUTE_REASONS.map((reason) => html`<option value="${reason}">${t(`takedown.dispute.${reason}`)}</option>`)}</select>
<label for="reason-${id}">${t('takedown.page.reason')}</label> <input type="text" id="reason-${id}" name="reason" maxlength="${MAX_REASON_LENGTH}">
<button type="submit" name="response" value="disputed">${t('takedown.page.dispute')}</button></form>`;
}

function noticePage(context: PageContext & { csrfToken: string }, view: { notice: NoticeRow; items: NoticeItemState[]; path: string; message?: string }): string {
  const { t } = context;
  const { notice } = view;
  const open = view.items.filter(isStillOpen);
  return layout(context, {
    title: t('takedown.page.title', { reference: notice.reference }),
    body: html`<h1>${t('takedown.page.title', { reference: notice.reference })}</h1>
${view.message ? html`<p class="notice" role="status">${view.message}</p>` : ''}
<p>${t('takedown.page.lead', { state: t(`takedown.noticeState.${shownNoticeState(notice.state)}`) })}</p>
<p>${t('takedown.page.noMedia')}</p>
<p>${t('takedown.page.confirmNote')}</p>
<table>
  <caption>${t('takedown.page.caption', { count: view.items.length })}</caption>
  <thead><tr><th scope="col">${t('takedown.page.url')}</th><th scope="col">${t('takedown.page.content')}</th><th scope="col">${t('takedown.page.state')}</th><th scope="col">${t('takedown.page.answer')}</th></tr></thead>
  <tbody>${view.items.map(
    (item) => html`<tr><td><code class="url">${item.url}</code></td><td data-testid="content-state">${contentState(t, item)}</td><td>${answerText(t, item)}</td>
<td>${isStillOpen(item) ? answerForm(context, view.path, item) : '—'}</td></tr>`,
  )}</tbody>
</table>
${open.length > 1 ? html`<form method="post" action="${view.path}"><input type="hidden" name="_csrf" value="${context.csrfToken}"><input type="hidden" name="item" value="all"><button type="submit" name="response" value="removed">${t('takedown.page.confirmAll')}</button></form>` : ''}`,
  });
}

type Answer = { response: 'removed'; itemIds: string[] } | { response: 'disputed'; itemIds: string[]; dispute: DisputeReason; reason: string | null };

/** The provider's answer, or the message saying what is wrong with it. */
function readAnswer(form: Record<string, string | undefined>, open: readonly NoticeItemState[], t: PageContext['t']): Answer | string {
  const itemIds = form.item === 'all' ? open.map((item) => item.itemId) : open.filter((item) => item.itemId === form.item).map((item) => item.itemId);
  if (itemIds.length === 0) return t('takedown.page.invalid');
  if (form.response === 'removed') return { response: 'removed', itemIds };
  if (form.response !== 'disputed' || itemIds.length !== 1) return t('takedown.page.invalid');
  const dispute = DISPUTE_REASONS.find((reason) => reason === form.dispute);
  const reason = form.reason?.trim() || null;
  if (!dispute || (reason?.length ?? 0) > MAX_REASON_LENGTH) return t('takedown.page.invalid');
  if (dispute === 'other' && !reason) return t('takedown.page.needsReason');
  return { response: 'disputed', itemIds, dispute, reason };
}

/**
 * The page a notice links to: the provider sees the notice's URLs and where
 * their content stands, confirms removal (of one or all) or disputes with a
 * reason, without an account — the unguessable token is the key, valid while
 * any of the notice's items is open. Never any media.
 */
export async function noticePageRoutes(app: FastifyInstance, options: NoticePageOptions): Promise<void> {
  const { db } = options;
  const limited = rateLimitPerMinute(options.rateLimitPerMinute);
  const load = async (request: FastifyRequest<Params>) => {
    const { id, token } = request.params;
    if (!isUuid(id) || !isNoticePageToken(options.pageKey, id, token)) return undefined;
    const notice = await noticeById(db, id);
    if (notice?.state !== 'sent') return undefined;
    const items = await noticeItemStates(db, [id]);
    return items.some(isStillOpen) ? { notice, items } : undefined;
  };
  const show = (request: FastifyRequest<Params>, reply: FastifyReply, view: { notice: NoticeRow; items: NoticeItemState[] }, message?: string, statusCode = 200) => {
    const context = { ...pageContext(request), csrfToken: reply.generateCsrf() };
    const path = `/notices/${view.notice.id}/${request.params.token}`;
    return sendPage(reply, noticePage(context, { ...view, path, ...(message ? { message } : {}) }), statusCode);
  };
  const missing = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(reply, layout(pageContext(request), { title: request.t('takedown.page.missing'), body: html`<h1>${request.t('takedown.page.missing')}</h1>` }), 404);

  app.get<Params>('/notices/:id/:token', { schema: { hide: true }, config: { access: 'public', ...limited } }, async (request, reply) => {
    const view = await load(request);
    return view ? show(request, reply, view) : missing(request, reply);
  });

  app.post<Params>('/notices/:id/:token', { schema: { hide: true }, config: { access: 'public', ...limited }, preHandler: app.csrfProtection }, async (request, reply) => {
    const view = await load(request);
    if (!view) return missing(request, reply);
    const answer = readAnswer((request.body ?? {}) as Record<string, string | undefined>, view.items.filter(isStillOpen), request.t);
    if (typeof answer === 'string') return show(request, reply, view, answer, 400);
    await recordAnswer(db, view.notice, answer);
    if (answer.response === 'removed') await options.onRemovalConfirmed?.(answer.itemIds);
    return show(request, reply, { notice: view.notice, items: await noticeItemStates(db, [view.notice.id]) }, request.t('takedown.page.thanks'));
  });
}

/** The answer on the notice and on each item's timeline; a confirmation changes no status (monitoring decides removal). */
async function recordAnswer(db: Kysely<Database>, notice: NoticeRow, answer: Answer): Promise<void> {
  const dispute = answer.response === 'disputed' ? { dispute_reason: answer.dispute, response_reason: answer.reason } : { dispute_reason: null, response_reason: null };
  await db.transaction().execute(async (trx) => {
    for (const itemId of answer.itemIds) {
      await trx.updateTable('notice_items').set({ response: answer.response, responded_at: new Date(), ...dispute }).where('notice_id', '=', notice.id).where('item_id', '=', itemId).execute();
      const { status } = await trx.selectFrom('content_items').select('status').where('id', '=', itemId).executeTakeFirstOrThrow();
      await noteOnTimeline(trx, { itemId, event: `provider_${answer.response}`, status, actor: null, detail: { notice: notice.reference, ...(answer.response === 'disputed' ? { dispute: answer.dispute, reason: answer.reason } : {}) } });
    }
  });
}
