import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { audit } from '../audit/log.js';
import { staffCsrf } from '../auth/guard.js';
import { staffContext } from '../auth/routes.js';
import type { Database } from '../db/schema.js';
import { MAX_NOTE_LENGTH, type Outcome } from '../domain/assessment.js';
import type { Category } from '../domain/categories.js';
import { isItemStatus, ForbiddenTransition } from '../domain/item-lifecycle.js';
import { roleHas } from '../domain/permissions.js';
import type { Cipher } from '../privacy/cipher.js';
import { formField } from '../server/form-fields.js';
import { IdParams, UuidParam } from '../server/id-params.js';
import { adviceFor as exposureAdvice } from '../domain/wellbeing.js';
import { html } from '../web/html.js';
import type { Translate } from '../web/i18n/index.js';
import { exposureToday, recordExposure, wellbeingOf } from '../wellbeing/exposure.js';
import { adviceBanner } from '../wellbeing/pages.js';
import { sendPage } from '../web/i18n-plugin.js';
import { errorPage } from '../auth/staff-context.js';
import { staffLayout } from '../web/staff-layout.js';
import type { ShownError } from '../web/forms.js';
import { afterForm, formSubmission, shownOutcome } from '../forms/once.js';
import { submitOnce } from '../forms/submissions.js';
import type { ItemStatus } from '../domain/item-lifecycle.js';
import { assessItem, claimForAssessment, InvalidAssessment } from './assess.js';
import { assessmentFromForm } from './assessment-form.js';
import { ClaimConflict, ClaimMissing, releaseItem } from './claims.js';
import { triageFindings } from '../triage/findings.js';
import { loadContact, loadItem } from './item-view.js';
import { itemPage, queuePage, statusLabel, type AssessmentAnswers } from './pages.js';
import { AWAITING_ASSESSMENT, listQueue, type QueueFilters } from './queue.js';
import { noticesOfItem } from '../notices/store.js';
import { referralOf } from '../police/referrals.js';
import { routingSection } from '../routing/pages.js';
import { currentRouting } from '../routing/route-item.js';
import type { RoutingRouteOptions } from '../routing/routes.js';
import { ROUTING_DECISIONS } from '../domain/routing.js';
import { itemPartnerSection } from '../exchange/index.js';

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

type ItemRequest = { Params: Static<typeof IdParams> };
const hidden = { hide: true };
const itemSchema = { ...hidden, params: IdParams };
const AssessmentForm = Type.Object({
  linkWorks: formField(),
  contentAvailable: formField(),
  illegal: formField(),
  category: formField(),
  note: formField({ maxLength: MAX_NOTE_LENGTH }),
  legalBasis: formField(),
  ageGroup: formField(),
  gender: formField(),
  contentType: formField(),
  siteType: formField(),
  commercial: formField(),
  paymentMethods: formField(),
  virtual: formField(),
  userGenerated: formField(),
  childModelling: formField(),
});
const ContactParams = Type.Object({ reportId: UuidParam });
/** The forms whose outcome the item page shows after the redirect. */
export const ASSESSMENT_FORM = 'assessment';
export const HASH_LIST_FORM = 'media-confirm';

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
    const { entries } = await listQueue(db, categories, filters);
    return sendPage(reply, queuePage(staffContext(request, reply), { entries, filters, categories, banner: await adviceFor(request) }));
  });

  /** What a form on this item did, shown after the redirect from it. */
  const formNotice = async (request: FastifyRequest<ItemRequest>): Promise<string | undefined> => {
    const assessed = await shownOutcome<{ itemId: string; status: ItemStatus }>(request, options, ASSESSMENT_FORM);
    if (assessed?.itemId === request.params.id) return request.t('staff.item.assessed', { status: statusLabel(request.t, assessed.status) });
    const listed = await shownOutcome<{ itemId: string; list: string }>(request, options, HASH_LIST_FORM);
    if (listed?.itemId === request.params.id) return request.t('staff.viewer.confirmed', { list: listed.list });
    return undefined;
  };

  const showItem = async (
    request: FastifyRequest<ItemRequest>,
    reply: FastifyReply,
    extra: { errors?: ShownError[]; answers?: AssessmentAnswers; statusCode?: number; opened?: boolean } = {},
  ) => {
    const item = await loadItem(db, request.params.id);
    if (!item) return errorPage(request, reply, request.t('staff.notFound'), request.t('staff.item.missing'), 404);
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
      partners: await itemPartnerSection(db, request.t, item.id),
      errors: extra.errors ?? [],
      answers: extra.answers ?? {},
      notice: extra.opened ? await formNotice(request) : undefined,
    });
    return sendPage(reply, page, extra.statusCode ?? 200);
  };

  app.get<ItemRequest>('/staff/items/:id', { config: { access: 'item.view' }, schema: itemSchema }, (request, reply) => showItem(request, reply, { opened: true }));

  app.post<ItemRequest>('/staff/items/:id/claim', { config: { access: 'item.claim' }, preHandler: staffCsrf(app), schema: itemSchema }, async (request, reply) => {
    try {
      await claimForAssessment(db, request.params.id, request.staff!.user, options.claimMinutes, options.fourEyes);
      return reply.redirect(`/staff/items/${request.params.id}`, 303);
    } catch (error) {
      const message = decisionProblem(error, request.t);
      if (!message) throw error;
      return showItem(request, reply, { errors: [{ message }], statusCode: error instanceof ClaimConflict ? 409 : 400 });
    }
  });

  app.post<ItemRequest>('/staff/items/:id/release', { config: { access: 'item.claim' }, preHandler: staffCsrf(app), schema: itemSchema }, async (request, reply) => {
    const user = request.staff!.user;
    await releaseItem(db, request.params.id, user.id, roleHas(user.role, 'item.release_any'));
    return reply.redirect(`/staff/items/${request.params.id}`, 303);
  });

  app.post<ItemRequest & { Body: Static<typeof AssessmentForm> }>('/staff/items/:id/assessment', { config: { access: 'item.assess' }, preHandler: staffCsrf(app), schema: { ...itemSchema, body: AssessmentForm } }, async (request, reply) => {
    const itemId = request.params.id;
    const answers = request.body as Record<string, string>;
    const parsed = assessmentFromForm(answers, request.t);
    if ('errors' in parsed) return showItem(request, reply, { errors: parsed.errors, answers, statusCode: 400 });
    try {
      // Sent twice, the assessment is recorded once; the second answer shows the first one's outcome.
      const submitted = await submitOnce(db, options.cipher, formSubmission(request, ASSESSMENT_FORM), async (trx) => ({
        itemId,
        status: await assessItem(trx, rules, itemId, request.staff!.user, parsed.input),
      }));
      if (submitted.fresh && submitted.outcome?.status === 'illegal') options.onAssessedIllegal?.(itemId);
      return reply.redirect(afterForm(`/staff/items/${itemId}`, submitted.ref), 303);
    } catch (error) {
      const message = decisionProblem(error, request.t);
      if (!message) throw error;
      return showItem(request, reply, { errors: [{ message }], answers, statusCode: error instanceof ClaimConflict ? 409 : 400 });
    }
  });

  app.get<{ Params: Static<typeof ContactParams> }>('/staff/reports/:reportId/contact', { config: { access: 'contact.view' }, schema: { ...hidden, params: ContactParams } }, async (request, reply) => {
    const contact = await loadContact(db, options.cipher, request.params.reportId);
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
