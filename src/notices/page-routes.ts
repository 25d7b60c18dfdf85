import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isUuid } from '../domain/ids.js';
import { shownNoticeState } from '../domain/notice-lifecycle.js';
import { rateLimitPerMinute } from '../intake/rate-limit.js';
import { noteOnTimeline } from '../items/lifecycle-store.js';
import { when } from '../web/format.js';
import { html } from '../web/html.js';
import { pageContext, sendPage } from '../web/i18n-plugin.js';
import { layout, type PageContext } from '../web/layout.js';
import { isNoticePageToken } from './provider-link.js';
import { itemsOfNotice, noticeById, type NoticeRow } from './store.js';

export interface NoticePageOptions {
  db: Kysely<Database>;
  pageKey: Buffer;
  rateLimitPerMinute: number;
  /** Called when a provider says it removed items: monitoring checks them at once (the word alone proves nothing). */
  onRemovalConfirmed?: (itemIds: string[]) => void;
}

type Params = { Params: { id: string; token: string } };
type Items = Awaited<ReturnType<typeof itemsOfNotice>>;

function noticePage(context: PageContext & { csrfToken: string }, view: { notice: NoticeRow; items: Items; path: string; message?: string }): string {
  const { t } = context;
  const { notice } = view;
  return layout(context, {
    title: t('takedown.page.title', { reference: notice.reference }),
    body: html`<h1>${t('takedown.page.title', { reference: notice.reference })}</h1>
${view.message ? html`<p class="notice" role="status">${view.message}</p>` : ''}
<p>${t('takedown.page.lead', { state: t(`takedown.noticeState.${shownNoticeState(notice.state)}`) })}</p>
<p>${t('takedown.page.noMedia')}</p>
<table>
  <caption>${t('takedown.page.caption', { count: view.items.length })}</caption>
  <thead><tr><th scope="col">${t('takedown.page.url')}</th><th scope="col">${t('takedown.page.state')}</th><th scope="col">${t('takedown.page.answer')}</th></tr></thead>
  <tbody>${view.items.map(
    (item) => html`<tr><td><code class="url">${item.url}</code></td>
<td>${item.response ? html`${t(`takedown.response.${item.response}`, { reason: item.responseReason ?? '' })} (${when(item.respondedAt!)})` : t('takedown.page.open')}</td>
<td><form method="post" action="${view.path}" class="inline"><input type="hidden" name="_csrf" value="${context.csrfToken}"><input type="hidden" name="item" value="${item.itemId}">
<button type="submit" name="response" value="removed">${t('takedown.page.removed')}</button>
<label for="reason-${item.itemId}">${t('takedown.page.reason')}</label> <input type="text" id="reason-${item.itemId}" name="reason" maxlength="2000">
<button type="submit" name="response" value="disputed">${t('takedown.page.dispute')}</button></form></td></tr>`,
  )}</tbody>
</table>`,
  });
}

/**
 * The page a notice links to: the provider sees the notice's URLs and their
 * state, confirms removal or disputes (with a reason), without an account —
 * the unguessable token is the key. Never any media.
 */
export async function noticePageRoutes(app: FastifyInstance, options: NoticePageOptions): Promise<void> {
  const { db } = options;
  const limited = rateLimitPerMinute(options.rateLimitPerMinute);
  const load = async (request: FastifyRequest<Params>) => {
    const { id, token } = request.params;
    if (!isUuid(id) || !isNoticePageToken(options.pageKey, id, token)) return undefined;
    const notice = await noticeById(db, id);
    return notice && notice.state === 'sent' ? notice : undefined;
  };
  const show = async (request: FastifyRequest<Params>, reply: FastifyReply, notice: NoticeRow, message?: string, statusCode = 200) => {
    const context = { ...pageContext(request), csrfToken: reply.generateCsrf() };
    const path = `/notices/${notice.id}/${request.params.token}`;
    return sendPage(reply, noticePage(context, { notice, items: await itemsOfNotice(db, notice.id), path, ...(message ? { message } : {}) }), statusCode);
  };
  const missing = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(reply, layout(pageContext(request), { title: request.t('takedown.page.missing'), body: html`<h1>${request.t('takedown.page.missing')}</h1>` }), 404);

  app.get<Params>('/notices/:id/:token', { schema: { hide: true }, config: { access: 'public', ...limited } }, async (request, reply) => {
    const notice = await load(request);
    return notice ? show(request, reply, notice) : missing(request, reply);
  });

  app.post<Params>('/notices/:id/:token', { schema: { hide: true }, config: { access: 'public', ...limited }, preHandler: app.csrfProtection }, async (request, reply) => {
    const notice = await load(request);
    if (!notice) return missing(request, reply);
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    const response = form.response === 'removed' || form.response === 'disputed' ? form.response : undefined;
    const reason = form.reason?.trim().slice(0, 2000) || null;
    const item = (await itemsOfNotice(db, notice.id)).find((candidate) => candidate.itemId === form.item);
    if (!response || !item) return show(request, reply, notice, request.t('takedown.page.invalid'), 400);
    if (response === 'disputed' && !reason) return show(request, reply, notice, request.t('takedown.page.needsReason'), 400);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('notice_items').set({ response, response_reason: reason, responded_at: new Date() }).where('notice_id', '=', notice.id).where('item_id', '=', item.itemId).execute();
      const status = await trx.selectFrom('content_items').select('status').where('id', '=', item.itemId).executeTakeFirstOrThrow();
      await noteOnTimeline(trx, { itemId: item.itemId, event: `provider_${response}`, status: status.status, actor: null, detail: { notice: notice.reference, reason } });
    });
    if (response === 'removed') options.onRemovalConfirmed?.([item.itemId]);
    return show(request, reply, notice, request.t('takedown.page.thanks'));
  });
}
