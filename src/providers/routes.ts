import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { audit } from '../audit/log.js';
import { staffCsrf } from '../auth/guard.js';
import { staffContext } from '../auth/routes.js';
import { isLocale } from '../config/config.js';
import { parseDuration } from '../config/duration.js';
import type { Database } from '../db/schema.js';
import { isProviderKind, type ProviderEntry } from '../domain/providers.js';
import type { ShownError } from '../web/forms.js';
import { sendPage } from '../web/i18n-plugin.js';
import { addDirectoryProvider, listDirectory, providerById, ProviderInputError, updateDirectoryProvider } from './directory.js';
import { EMPTY_PROVIDER_FORM, formOf, providerPage, providersPage, type ProviderForm } from './pages.js';

const config = { access: 'providers.manage' as const };
const schema = { hide: true };
type Form = Record<string, string | undefined>;

const lines = (value: string | undefined) => (value ?? '').split(/[\s,]+/).map((line) => line.trim()).filter(Boolean);

function formFromBody(body: Form): ProviderForm {
  return {
    name: body.name ?? '',
    kind: body.kind ?? '',
    country: body.country ?? '',
    cidrs: body.cidrs ?? '',
    asns: body.asns ?? '',
    domains: body.domains ?? '',
    abuseEmails: body.abuseEmails ?? '',
    language: body.language ?? '',
    deadline: body.deadline ?? '',
    dsa: body.dsa === 'yes',
  };
}

/** The entry a form describes, or the fields that are wrong with it. */
function entryFromForm(form: ProviderForm): ProviderEntry | (keyof ProviderEntry)[] {
  const wrong: (keyof ProviderEntry)[] = [];
  const deadlineMs = form.deadline.trim() === '' ? null : (parseDuration(form.deadline) ?? null);
  if (form.deadline.trim() !== '' && deadlineMs === null) wrong.push('deadlineMs');
  const asns = lines(form.asns).map((asn) => Number(asn.replace(/^AS/i, '')));
  if (!isProviderKind(form.kind)) wrong.push('kind');
  if (form.country.trim() === '') wrong.push('country');
  if (lines(form.abuseEmails).length === 0) wrong.push('abuseEmails');
  if (form.language !== '' && !isLocale(form.language)) wrong.push('language');
  if (wrong.length > 0) return wrong;
  return {
    name: form.name,
    kind: form.kind as ProviderEntry['kind'],
    country: form.country,
    cidrs: lines(form.cidrs),
    asns,
    domains: lines(form.domains),
    abuseEmails: lines(form.abuseEmails),
    language: isLocale(form.language) ? form.language : null,
    deadlineMs,
    dsa: form.dsa,
  };
}

const FIELD_IDS: Record<keyof ProviderEntry, keyof ProviderForm> = {
  name: 'name',
  kind: 'kind',
  country: 'country',
  cidrs: 'cidrs',
  asns: 'asns',
  domains: 'domains',
  abuseEmails: 'abuseEmails',
  language: 'language',
  deadlineMs: 'deadline',
  dsa: 'dsa',
};

function shownErrors(request: FastifyRequest, fields: (keyof ProviderEntry)[]): ShownError[] {
  return [...new Set(fields)].map((field) => ({ fieldId: FIELD_IDS[field], message: request.t(`takedown.provider.problem.${FIELD_IDS[field]}`) }));
}

/** Saves a form through `save`, or says on the form what is wrong with it. */
async function saveForm(request: FastifyRequest, save: (entry: ProviderEntry) => Promise<unknown>): Promise<ShownError[]> {
  const entry = entryFromForm(formFromBody((request.body ?? {}) as Form));
  if (Array.isArray(entry)) return shownErrors(request, entry);
  try {
    await save(entry);
    return [];
  } catch (error) {
    if (!(error instanceof ProviderInputError)) throw error;
    return shownErrors(request, error.problems.map((problem) => problem.field));
  }
}

/** The provider directory for admins and supervisors: list, add, edit; every change audited. */
export async function providerRoutes(app: FastifyInstance, options: { db: Kysely<Database> }): Promise<void> {
  const { db } = options;
  const showList = async (request: FastifyRequest, reply: FastifyReply, form: ProviderForm, errors: ShownError[], notice?: string) =>
    sendPage(reply, providersPage(staffContext(request, reply), { providers: await listDirectory(db), form, errors, ...(notice ? { notice } : {}) }), errors.length > 0 ? 400 : 200);

  app.get('/staff/providers', { config, schema }, (request, reply) => showList(request, reply, EMPTY_PROVIDER_FORM, []));

  app.post('/staff/providers', { config, schema, preHandler: staffCsrf(app) }, async (request, reply) => {
    const form = formFromBody((request.body ?? {}) as Form);
    const errors = await saveForm(request, async (entry) => {
      const added = await addDirectoryProvider(db, entry);
      await audit(db, { actor: request.staff!.user.email, action: 'provider_added', objectType: 'provider', objectId: String(added.id), detail: { ...entry } });
    });
    if (errors.length > 0) return showList(request, reply, form, errors);
    return showList(request, reply, EMPTY_PROVIDER_FORM, [], request.t('takedown.providers.added', { name: form.name.trim() }));
  });

  const idOf = (request: FastifyRequest<{ Params: { id: string } }>) => (/^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : undefined);
  const missing = async (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(reply, providersPage(staffContext(request, reply), { providers: await listDirectory(db), form: EMPTY_PROVIDER_FORM, errors: [{ fieldId: 'name', message: request.t('takedown.providers.missing') }] }), 404);

  app.get<{ Params: { id: string } }>('/staff/providers/:id', { config, schema }, async (request, reply) => {
    const id = idOf(request);
    const provider = id === undefined ? undefined : await providerById(db, id);
    if (!provider) return missing(request, reply);
    return sendPage(reply, providerPage(staffContext(request, reply), { id: provider.id, form: formOf(provider), errors: [] }));
  });

  app.post<{ Params: { id: string } }>('/staff/providers/:id', { config, schema, preHandler: staffCsrf(app) }, async (request, reply) => {
    const id = idOf(request);
    const provider = id === undefined ? undefined : await providerById(db, id);
    if (!provider) return missing(request, reply);
    const form = formFromBody((request.body ?? {}) as Form);
    const errors = await saveForm(request, async (entry) => {
      await updateDirectoryProvider(db, provider.name, entry);
      await audit(db, { actor: request.staff!.user.email, action: 'provider_updated', objectType: 'provider', objectId: String(provider.id), detail: { ...entry } });
    });
    const notice = errors.length === 0 ? request.t('takedown.providers.saved', { name: form.name.trim() }) : undefined;
    return sendPage(reply, providerPage(staffContext(request, reply), { id: provider.id, form, errors, ...(notice ? { notice } : {}) }), errors.length > 0 ? 400 : 200);
  });
}
