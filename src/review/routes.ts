import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { audit } from '../audit/log.js';
import { staffCsrf } from '../auth/guard.js';
import { staffContext } from '../auth/routes.js';
import type { Database } from '../db/schema.js';
import type { Outcome } from '../domain/assessment.js';
import type { Category } from '../domain/categories.js';
import { isUuid } from '../domain/ids.js';
import { isItemStatus, ForbiddenTransition } from '../domain/item-lifecycle.js';
import { roleHas } from '../domain/permissions.js';
import type { Cipher } from '../privacy/cipher.js';
import { adviceFor as exposureAdvice } from '../domain/wellbeing.js';
import { html } from '../web/html.js';
import type { Translate } from '../web/i18n/index.js';
import { exposureToday, recordExposure, wellbeingOf } from '../wellbeing/exposure.js';
import { adviceBanner } from '../wellbeing/pages.js';
import { sendPage } from '../web/i18n-plugin.js';
import { staffLayout } from '../web/staff-layout.js';
import type { ShownError } from '../web/forms.js';
import { assessItem, claimForAssessment, InvalidAssessment } from './assess.js';
import { assessmentFromForm } from './assessment-form.js';
import { ClaimConflict, ClaimMissing, releaseItem } from './claims.js';
import { triageFindings } from '../triage/findings.js';
import { loadContact, loadItem } from './item-view.js';
import { itemPage, queuePage, statusLabel } from './pages.js';
import { AWAITING_ASSESSMENT, listQueue, type QueueFilters } from './queue.js';
import { noticesOfItem } from '../notices/store.js';
import { referralOf } from '../police/referrals.js';
import { routingSection } from '../routing/pages.js';
import { currentRouting } from '../routing/route-item.js';
import type { RoutingRouteOptions } from '../routing/routes.js';
import { ROUTING_DECISIONS } from '../domain/routing.js';

export interface ReviewOptions {
  db: Kysely<Database>;
  cipher: Cipher;
  categories: readonly Category[];
  claimMinutes: number;
  fourEyes: readonly Outcome[];
  /** Starts routing of an item just assessed illegal (after four eyes where configured). */
  onAssessedIllegal?: ((itemId: string) => void) | undefined;
  /** Where routing shows on the item page, and whether notices can go out at all. */
  takedown: RoutingRouteOptions;
}

type IdParams = { Params: { id: string } };
const hidden = { hide: true };

export function queueFilters(query: Record<string, string | undefined>): QueueFilters {
  return {
    category: query.category || undefined,
    status: query.status && isItemStatus(query.status) ? query.status : undefined,
    language: query.language?.trim() || undefined,
    url: query.url?.trim() || undefined,
    country: query.country && /^[a-z]{2}$/i.test(query.country.trim()) ? query.country.trim().toUpperCase() : undefined,
    routing: ROUTING_DECISIONS.find((decision) => decision === query.routing),
  };
}

/** The analysts' workbench: the queue, an item, claiming and assessing. */
export async function reviewRoutes(app: FastifyInstance, options: ReviewOptions): Promise<void> {
  const { db, categories } = options;
  const adviceFor = async (request: FastifyRequest) => {
    const userId = request.staff!.user.id;
    const [exposure, settings] = await Promise.all([exposureToday(db, userId), wellbeingOf(db, userId)]);
    return adviceBanner(request.t, exposureAdvice(exposure, settings));
  };
  const rules = { categoryIds: categories.map((category) => category.id), fourEyes: options.fourEyes };

  app.get<{ Querystring: Record<string, string | undefined> }>('/staff/queue', { config: { access: 'queue.view' }, schema: hidden }, async (request, reply) => {
    const filters = queueFilters(request.query);
    const entries = await listQueue(db, categories, filters);
    return sendPage(reply, queuePage(staffContext(request, reply), { entries, filters, categories, banner: await adviceFor(request) }));
  });

  const showItem = async (request: FastifyRequest<IdParams>, reply: FastifyReply, extra: { errors?: ShownError[]; notice?: string; statusCode?: number; opened?: boolean } = {}) => {
    const item = isUuid(request.params.id) ? await loadItem(db, request.params.id) : undefined;
    if (!item) return sendPage(reply, staffLayout(staffContext(request, reply), request.t('staff.notFound'), html`<h1>${request.t('staff.item.missing')}</h1>`), 404);
    const user = request.staff!.user;
    if (extra.opened) {
      await audit(db, { actor: user.email, action: 'item_viewed', objectType: 'item', objectId: item.id });
      await recordExposure(db, user.id, 'view');
    }
    const page = itemPage(staffContext(request, reply), {
      banner: await adviceFor(request),
      item,
      categories,
      mayClaim: roleHas(user.role, 'item.claim') && AWAITING_ASSESSMENT.includes(item.status),
      mayReleaseAny: roleHas(user.role, 'item.release_any'),
      mayViewContact: roleHas(user.role, 'contact.view'),
      heldByMe: item.claim?.email === user.email,
      mayViewMedia: roleHas(user.role, 'media.view'),
      findings: await triageFindings(db, item.id),
      takedown: routingSection(staffContext(request, reply), {
        itemId: item.id,
        routing: await currentRouting(db, item.id),
        notices: await noticesOfItem(db, item.id),
        referral: await referralOf(db, item.id),
        smtpConfigured: options.takedown.smtpConfigured,
        mayOverride: roleHas(user.role, 'routing.manage'),
      }),
      errors: extra.errors ?? [],
      ...(extra.notice ? { notice: extra.notice } : {}),
    });
    return sendPage(reply, page, extra.statusCode ?? 200);
  };

  app.get<IdParams>('/staff/items/:id', { config: { access: 'item.view' }, schema: hidden }, (request, reply) => showItem(request, reply, { opened: true }));

  app.post<IdParams>('/staff/items/:id/claim', { config: { access: 'item.claim' }, preHandler: staffCsrf(app), schema: hidden }, async (request, reply) => {
    if (!isUuid(request.params.id)) return showItem(request, reply);
    try {
      await claimForAssessment(db, request.params.id, request.staff!.user, options.claimMinutes, options.fourEyes);
      return reply.redirect(`/staff/items/${request.params.id}`, 303);
    } catch (error) {
      const message = decisionProblem(error, request.t);
      if (!message) throw error;
      return showItem(request, reply, { errors: [{ fieldId: 'claim', message }], statusCode: error instanceof ClaimConflict ? 409 : 400 });
    }
  });

  app.post<IdParams>('/staff/items/:id/release', { config: { access: 'item.claim' }, preHandler: staffCsrf(app), schema: hidden }, async (request, reply) => {
    if (!isUuid(request.params.id)) return showItem(request, reply);
    const user = request.staff!.user;
    await releaseItem(db, request.params.id, user.id, roleHas(user.role, 'item.release_any'));
    return reply.redirect(`/staff/items/${request.params.id}`, 303);
  });

  app.post<IdParams>('/staff/items/:id/assessment', { config: { access: 'item.assess' }, preHandler: staffCsrf(app), schema: hidden }, async (request, reply) => {
    if (!isUuid(request.params.id)) return showItem(request, reply);
    const parsed = assessmentFromForm((request.body ?? {}) as Record<string, string>, request.t);
    if ('errors' in parsed) return showItem(request, reply, { errors: parsed.errors, statusCode: 400 });
    try {
      const status = await assessItem(db, rules, request.params.id, request.staff!.user, parsed.input);
      if (status === 'illegal') options.onAssessedIllegal?.(request.params.id);
      return showItem(request, reply, { notice: request.t('staff.item.assessed', { status: statusLabel(request.t, status) }) });
    } catch (error) {
      const message = decisionProblem(error, request.t);
      if (!message) throw error;
      return showItem(request, reply, { errors: [{ fieldId: 'linkWorks', message }], statusCode: error instanceof ClaimConflict ? 409 : 400 });
    }
  });

  app.get<{ Params: { reportId: string } }>('/staff/reports/:reportId/contact', { config: { access: 'contact.view' }, schema: hidden }, async (request, reply) => {
    const contact = isUuid(request.params.reportId) ? await loadContact(db, options.cipher, request.params.reportId) : undefined;
    const context = staffContext(request, reply);
    const { t } = context;
    if (!contact) return sendPage(reply, staffLayout(context, t('staff.contact.missingTitle'), html`<h1>${t('staff.contact.missing')}</h1><p>${t('staff.contact.missingBody')}</p>`), 404);
    await audit(db, { actor: request.staff!.user.email, action: 'contact_viewed', objectType: 'report', objectId: request.params.reportId });
    return sendPage(
      reply,
      staffLayout(
        context,
        t('staff.contact.title'),
        html`<h1>${t('staff.contact.title')}</h1><p class="notice">${t('staff.contact.notice')}</p>
<dl><dt>${t('staff.contact.name')}</dt><dd>${contact.name ?? '—'}</dd><dt>${t('staff.contact.email')}</dt><dd>${contact.email ?? '—'}</dd><dt>${t('staff.contact.mayContact')}</dt><dd>${t(contact.mayContact ? 'staff.yes' : 'staff.no')}</dd></dl>`,
      ),
    );
  });
}

/** The message for a decision that cannot be taken, or undefined for an unexpected error; machine codes stay in parentheses. */
export function decisionProblem(error: unknown, t: Translate): string | undefined {
  if (error instanceof InvalidAssessment) return t('staff.problem.invalid', { problems: error.problems.map((problem) => t(`staff.problem.${problem}`)).join(' ') });
  if (error instanceof ClaimMissing) return t('staff.problem.claimMissing');
  if (error instanceof ClaimConflict) return t('staff.problem.claimed', { holder: error.holder });
  if (error instanceof ForbiddenTransition) return t('staff.problem.transition', { reason: error.message });
  return undefined;
}
