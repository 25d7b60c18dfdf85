import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/log.js';
import { staffCsrf } from '../auth/guard.js';
import { accountPage } from '../auth/pages.js';
import { staffContext } from '../auth/routes.js';
import type { Database } from '../db/schema.js';
import { readWellbeing } from '../domain/wellbeing.js';
import { formField } from '../server/form-fields.js';
import { afterForm, formSubmission, shownOutcome } from '../forms/once.js';
import { submitOnce } from '../forms/submissions.js';
import type { Cipher } from '../privacy/cipher.js';
import { sendPage } from '../web/i18n-plugin.js';
import { exposureToday, recordExposure, saveWellbeing, teamTotals, wellbeingOf } from './exposure.js';
import { teamPage } from './pages.js';

const TEAM_DAYS = 14;
const schema = { hide: true };
const WellbeingForm = Type.Object({
  dailyItemLimit: formField(),
  breakAfterMinutes: formField(),
  previewSize: formField(),
  previewGreyscale: formField(),
  previewBlur: formField(),
});
const SETTINGS_FORM = 'wellbeing';

/** Exposure counting from open item pages, each analyst's limits, and the team's totals. */
export async function wellbeingRoutes(app: FastifyInstance, options: { db: Kysely<Database>; cipher: Cipher }): Promise<void> {
  const { db } = options;

  app.post('/staff/exposure/heartbeat', { config: { access: 'item.view' }, preHandler: staffCsrf(app), schema }, async (request, reply) => {
    await recordExposure(db, request.staff!.user.id, 'heartbeat');
    return reply.code(204).send();
  });

  app.get('/staff/account', { config: { access: 'account.self' }, schema }, async (request, reply) => {
    const user = request.staff!.user;
    const [settings, exposure, saved] = await Promise.all([wellbeingOf(db, user.id), exposureToday(db, user.id), shownOutcome<true>(request, options, SETTINGS_FORM)]);
    return sendPage(reply, accountPage(staffContext(request, reply), { settings, exposure, errors: [], ...(saved ? { message: request.t('staff.wellbeing.saved') } : {}) }));
  });

  app.post<{ Body: Static<typeof WellbeingForm> }>('/staff/account/wellbeing', { config: { access: 'account.self' }, preHandler: staffCsrf(app), schema: { ...schema, body: WellbeingForm } }, async (request, reply) => {
    const user = request.staff!.user;
    const { settings, invalid } = readWellbeing(request.body);
    const exposure = await exposureToday(db, user.id);
    if (invalid.length > 0) {
      const errors = invalid.map((field) => ({ fieldId: field, message: request.t(`staff.wellbeing.invalid.${field}`) }));
      return sendPage(reply, accountPage(staffContext(request, reply), { settings, exposure, errors }), 400);
    }
    const { ref } = await submitOnce(db, options.cipher, formSubmission(request, SETTINGS_FORM), async (trx) => {
      await saveWellbeing(trx, user.id, settings);
      await appendAudit(trx, { actor: user.email, action: 'setting_changed', objectType: 'user', objectId: user.id, detail: { wellbeing: { ...settings } } });
      return true as const;
    });
    return reply.redirect(afterForm('/staff/account', ref), 303);
  });

  app.get('/staff/team', { config: { access: 'team.exposure' }, schema }, async (request, reply) =>
    sendPage(reply, teamPage(staffContext(request, reply), await teamTotals(db, TEAM_DAYS))),
  );
}
