import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { audit } from '../audit/log.js';
import { staffCsrf } from '../auth/guard.js';
import { staffContext } from '../auth/routes.js';
import type { Database } from '../db/schema.js';
import type { ShownError } from '../web/forms.js';
import { sendPage } from '../web/i18n-plugin.js';
import { identityDocument, type ExchangeKey, type HotlineIdentity } from './identity.js';
import { EMPTY_PARTNER_FORM, partnersPage, type PartnerForm } from './pages.js';
import { addPartner, disablePartner, listPartners, PartnerInputError } from './partners.js';

const config = { access: 'partners.manage' as const };
const schema = { hide: true };

function formFromBody(body: Record<string, string | undefined>): PartnerForm {
  return { name: body.name ?? '', country: body.country ?? '', url: body.url ?? '', publicKey: body.publicKey ?? '', keyId: body.keyId ?? '' };
}

/** The partner directory's pages, for admins; every change audited. */
export async function partnerPageRoutes(app: FastifyInstance, options: { db: Kysely<Database>; identity: HotlineIdentity; key: () => Promise<ExchangeKey> }): Promise<void> {
  const { db } = options;
  const show = async (request: FastifyRequest, reply: FastifyReply, form: PartnerForm, errors: ShownError[], notice?: string, status = errors.length > 0 ? 400 : 200) =>
    sendPage(
      reply,
      partnersPage(staffContext(request, reply), { partners: await listPartners(db), identity: identityDocument(options.identity, await options.key()), form, errors, notice }),
      status,
    );

  app.get('/staff/partners', { config, schema }, (request, reply) => show(request, reply, EMPTY_PARTNER_FORM, []));

  app.post('/staff/partners', { config, schema, preHandler: staffCsrf(app) }, async (request, reply) => {
    const form = formFromBody((request.body ?? {}) as Record<string, string | undefined>);
    try {
      const partner = await addPartner(db, { name: form.name, country: form.country, baseUrl: form.url, publicKey: form.publicKey, keyId: form.keyId });
      await audit(db, { actor: request.staff!.user.email, action: 'partner_added', objectType: 'partner', objectId: String(partner.id), detail: { ...partner } });
      return show(request, reply, EMPTY_PARTNER_FORM, [], request.t('exchange.partners.saved', { name: partner.name }));
    } catch (error) {
      if (!(error instanceof PartnerInputError)) throw error;
      return show(request, reply, form, [{ fieldId: 'name', message: request.t('exchange.partners.problem', { problem: error.message }) }]);
    }
  });

  app.post<{ Params: { id: string } }>('/staff/partners/:id/disable', { config, schema, preHandler: staffCsrf(app) }, async (request, reply) => {
    const partner = (await listPartners(db)).find((candidate) => String(candidate.id) === request.params.id);
    if (!partner) return show(request, reply, EMPTY_PARTNER_FORM, [{ fieldId: 'name', message: request.t('exchange.partners.missing') }], undefined, 404);
    await disablePartner(db, partner.name);
    await audit(db, { actor: request.staff!.user.email, action: 'partner_disabled', objectType: 'partner', objectId: String(partner.id), detail: { name: partner.name } });
    return show(request, reply, EMPTY_PARTNER_FORM, [], request.t('exchange.partners.disabledNotice', { name: partner.name }));
  });
}
