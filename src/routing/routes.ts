import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../audit/log.js';
import { staffCsrf } from '../auth/guard.js';
import { staffContext } from '../auth/routes.js';
import { isUuid } from '../domain/ids.js';
import { isEmailAddress } from '../domain/providers.js';
import { overrideDecision } from '../domain/routing.js';
import { failedNotices, moveNotice, waitingNoticeCount } from '../notices/store.js';
import { sendPage } from '../web/i18n-plugin.js';
import { openRoutings, providerResponses } from './lists.js';
import { escalationAlerts, markEscalationSeen } from '../escalation/lists.js';
import { routingListsPage } from './pages.js';
import { recordRouting, type RoutingDeps } from './route-item.js';

export interface RoutingRouteOptions {
  routing: RoutingDeps;
  smtpConfigured: boolean;
}

type Form = Record<string, string | undefined>;
const schema = { hide: true };
const config = { access: 'routing.manage' as const };

/** Supervisors' lists and their decisions: a recipient by hand, an override with a reason, a failed notice sent again. */
export async function routingRoutes(app: FastifyInstance, options: RoutingRouteOptions): Promise<void> {
  const { db } = options.routing;
  const showLists = async (request: FastifyRequest, reply: FastifyReply, notice?: string, statusCode = 200) => {
    const [needsRecipient, forwards, failed, responses, escalations, waiting] = await Promise.all([
      openRoutings(db, 'needs_recipient'),
      openRoutings(db, 'forward'),
      failedNotices(db),
      providerResponses(db),
      escalationAlerts(db),
      waitingNoticeCount(db),
    ]);
    const view = { needsRecipient, forwards, failed, responses, escalations, waiting, smtpConfigured: options.smtpConfigured, ...(notice ? { notice } : {}) };
    return sendPage(reply, routingListsPage(staffContext(request, reply), view), statusCode);
  };

  app.get('/staff/routing', { config, schema }, (request, reply) => showLists(request, reply));

  app.post<{ Params: { id: string } }>('/staff/items/:id/routing', { config, schema, preHandler: staffCsrf(app) }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const reason = form.reason?.trim() ?? '';
    const recipient = form.recipient?.trim() ?? '';
    const decision = form.decision;
    const back = (message: string, statusCode: number) => showLists(request, reply, message, statusCode);
    if (!isUuid(request.params.id)) return back(request.t('takedown.override.missing'), 404);
    if (reason === '' || reason.length > 2000) return back(request.t('takedown.override.needsReason'), 400);
    if (decision !== 'notice' && decision !== 'forward' && decision !== 'police') return back(request.t('takedown.override.needsDecision'), 400);
    if (decision === 'notice' && !isEmailAddress(recipient)) return back(request.t('takedown.override.needsRecipient'), 400);
    const current = await db.selectFrom('item_routings').select(['hosting_country', 'provider_id', 'origin_unknown']).where('item_id', '=', request.params.id).where('settled_at', 'is', null).executeTakeFirst();
    if (!current) return back(request.t('takedown.override.missing'), 404);
    const hosting = { hostingCountry: current.hosting_country, providerId: current.provider_id, originUnknown: current.origin_unknown };
    const override =
      decision === 'notice'
        ? { decision: 'notice' as const, recipient: { kind: 'ntd' as const, email: recipient, name: null, providerId: null, source: 'manual' as const, language: null, deadlineMs: null } }
        : { decision: decision === 'forward' ? ('forward' as const) : ('police' as const) };
    const actor = request.staff!.user.email;
    const recorded = await recordRouting(options.routing, request.params.id, overrideDecision(hosting, override, reason), { event: 'rerouted', actor, why: reason });
    if (!recorded) return back(request.t('takedown.override.tooLate'), 409);
    await audit(db, { actor, action: 'routing_overridden', objectType: 'item', objectId: request.params.id, detail: { decision, recipient: recipient || null, reason } });
    return reply.redirect(`/staff/items/${request.params.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/staff/notices/:id/resend', { config, schema, preHandler: staffCsrf(app) }, async (request, reply) => {
    if (!isUuid(request.params.id)) return showLists(request, reply, request.t('takedown.lists.resendRefused'), 404);
    const notBefore = new Date();
    const moved = await moveNotice(db, request.params.id, 'resent', { not_before: notBefore, last_error: null, attempts: 0 });
    if (!moved) return showLists(request, reply, request.t('takedown.lists.resendRefused'), 409);
    await options.routing.scheduleNotices([{ id: request.params.id, notBefore, isNew: true }]);
    await audit(db, { actor: request.staff!.user.email, action: 'notice_resent', objectType: 'notice', objectId: request.params.id });
    return showLists(request, reply, request.t('takedown.lists.resent'));
  });

  app.post<{ Params: { id: string } }>('/staff/escalations/:id/seen', { config, schema, preHandler: staffCsrf(app) }, async (request, reply) => {
    const id = /^\d{1,15}$/.test(request.params.id) ? Number(request.params.id) : undefined;
    const actor = request.staff!.user.email;
    if (id === undefined || !(await markEscalationSeen(db, id, actor))) return showLists(request, reply, request.t('takedown.lists.noSuchEscalation'), 404);
    await audit(db, { actor, action: 'escalation_dealt_with', objectType: 'escalation', objectId: String(id) });
    return showLists(request, reply, request.t('takedown.lists.markedDealtWith'));
  });
}
