import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { audit } from '../audit/log.js';
import { staffCsrf } from '../auth/guard.js';
import { staffContext } from '../auth/routes.js';
import type { Database } from '../db/schema.js';
import { isUuid } from '../domain/ids.js';
import { roleHas } from '../domain/permissions.js';
import type { SendingHours } from '../domain/sending-hours.js';
import { releaseHeldNotices, type QueuedNotice } from '../notices/store.js';
import type { Cipher } from '../privacy/cipher.js';
import { when } from '../web/format.js';
import { fill, html } from '../web/html.js';
import { sendPage } from '../web/i18n-plugin.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import { packageCsv, referralPackage } from './package.js';
import { listReferrals, releaseHold, type Referral } from './referrals.js';

export interface PoliceRouteOptions {
  db: Kysely<Database>;
  cipher: Cipher;
  sendingHours: SendingHours | undefined;
  scheduleNotices: (notices: readonly QueuedNotice[]) => Promise<void>;
}

const schema = { hide: true };

function policePage(context: StaffPageContext, view: { referrals: Referral[]; mayRelease: boolean; notice?: string }): string {
  const { t } = context;
  const csrf = html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`;
  const held = (referral: Referral) => referral.holdUntil !== null && referral.releasedAt === null;
  return staffLayout(
    context,
    t('takedown.police.title'),
    html`<h1>${t('takedown.police.title')}</h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<p>${t('takedown.police.download')} <a href="/staff/police/package.json">JSON</a> · <a href="/staff/police/package.csv">CSV</a></p>
<table data-testid="referrals">
  <caption>${t('takedown.police.caption', { count: view.referrals.length })}</caption>
  <thead><tr><th scope="col">${t('staff.item.address')}</th><th scope="col">${t('staff.item.category')}</th><th scope="col">${t('staff.item.hostedIn')}</th><th scope="col">${t('takedown.police.referredAt')}</th><th scope="col">${t('takedown.police.hold')}</th></tr></thead>
  <tbody>${view.referrals.map(
    (referral) => html`<tr><td><code class="url">${referral.url}</code></td><td>${referral.category}</td><td>${referral.hostingCountry ?? '—'}</td><td>${when(referral.referredAt)}</td>
<td>${held(referral) ? html`${fill(t('takedown.police.heldUntil'), { time: when(referral.holdUntil!) })}${view.mayRelease ? html` <form method="post" action="/staff/police/${referral.itemId}/release" class="inline">${csrf}<button type="submit">${t('takedown.police.release')}</button></form>` : ''}` : referral.releasedBy ? t('takedown.police.releasedBy', { actor: referral.releasedBy }) : '—'}</td></tr>`,
  )}</tbody>
</table>`,
  );
}

/** Officers' pages: their referrals, the referral package, and releasing police-first holds. */
export async function policeRoutes(app: FastifyInstance, options: PoliceRouteOptions): Promise<void> {
  const { db } = options;
  const show = async (request: FastifyRequest, reply: FastifyReply, notice?: string, statusCode = 200) => {
    const mayRelease = roleHas(request.staff!.user.role, 'police.release');
    return sendPage(reply, policePage(staffContext(request, reply), { referrals: await listReferrals(db), mayRelease, ...(notice ? { notice } : {}) }), statusCode);
  };

  app.get('/staff/police', { config: { access: 'police.view' }, schema }, (request, reply) => show(request, reply));

  app.post<{ Params: { id: string } }>('/staff/police/:id/release', { config: { access: 'police.release' }, schema, preHandler: staffCsrf(app) }, async (request, reply) => {
    const officer = request.staff!.user.email;
    const itemId = request.params.id;
    if (!isUuid(itemId)) return show(request, reply, request.t('takedown.police.nothingHeld'), 404);
    const released = await db.transaction().execute(async (trx) => ((await releaseHold(trx, itemId, officer)) ? releaseHeldNotices(trx, itemId, options.sendingHours) : undefined));
    if (!released) return show(request, reply, request.t('takedown.police.nothingHeld'), 409);
    await options.scheduleNotices(released);
    await audit(db, { actor: officer, action: 'police_hold_released', objectType: 'item', objectId: itemId, detail: { notices: released.length } });
    return show(request, reply, request.t('takedown.police.released'));
  });

  const download = async (request: FastifyRequest, format: 'json' | 'csv') => {
    const withEvidence = roleHas(request.staff!.user.role, 'police.evidence');
    const items = await referralPackage(db, options.cipher, withEvidence);
    await audit(db, { actor: request.staff!.user.email, action: 'police_package_downloaded', objectType: 'police_package', detail: { format, items: items.length, evidence: withEvidence } });
    return items;
  };
  app.get('/staff/police/package.json', { config: { access: 'police.view' }, schema }, async (request, reply) => {
    const items = await download(request, 'json');
    return reply.header('content-disposition', 'attachment; filename="referrals.json"').header('cache-control', 'no-store').send({ generatedAt: new Date(), items });
  });
  app.get('/staff/police/package.csv', { config: { access: 'police.view' }, schema }, async (request, reply) => {
    const items = await download(request, 'csv');
    return reply.header('content-disposition', 'attachment; filename="referrals.csv"').header('cache-control', 'no-store').type('text/csv; charset=utf-8').send(packageCsv(items));
  });
}
