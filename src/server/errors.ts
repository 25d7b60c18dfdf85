import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey, Translate } from '../web/i18n/index.js';
import { errorPage } from '../auth/staff-context.js';
import { isCsrfError } from './security.js';

/** One problem with one field of a JSON body, in a form a program can act on. */
export interface ApiFieldError {
  field: string;
  code: string;
  message: string;
}

/** The body of every API error: a code, a sentence, and for bad input the fields at fault. */
export const ApiErrorSchema = Type.Object({
  error: Type.String(),
  message: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() }))),
});

interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/urls/0` → `urls[0]`; a missing or unknown property is named itself. */
export function fieldErrorsFromSchema(errors: readonly SchemaError[], context: string): ApiFieldError[] {
  return errors.map((error) => {
    const path = error.instancePath
      .split('/')
      .filter(Boolean)
      .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
      .join('')
      .replace(/^\./, '');
    const named = (error.params.missingProperty ?? error.params.additionalProperty) as string | undefined;
    const field = [path, named].filter(Boolean).join('.') || context;
    const code = error.keyword === 'additionalProperties' ? 'schema.unknown_field' : `schema.${error.keyword}`;
    return { field, code, message: error.message ?? error.keyword };
  });
}

/** Input refused before any schema or handler sees it, with the fields at fault. */
export class BadInput extends Error {
  readonly statusCode = 400;

  constructor(readonly problems: readonly ApiFieldError[]) {
    super(`The request cannot be accepted: ${problems.map((problem) => problem.message).join('; ')}.`);
    this.name = 'BadInput';
  }
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/**
 * Errors answered as the caller understands them: JSON for the API, a page in
 * the reader's language for people. A client's mistake is never a 5xx.
 */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (statusCode >= 500) request.log.error({ err: error }, 'request failed');
    if (isApiRequest(request)) return sendApiError(error, statusCode, reply);
    const { t } = request;
    if (statusCode === 429) return errorPage(request, reply, t('page.error.title'), t('error.rate_limited'), 429);
    if (isCsrfError(error)) return errorPage(request, reply, t('page.error.title'), t('error.form.expired'), 400);
    const problems = inputProblems(error, t);
    if (problems) return errorPage(request, reply, t('error.input.title'), problems, 400);
    if (statusCode === 415) return errorPage(request, reply, t('error.input.title'), t('error.input.media_type'), 415);
    if (statusCode === 404) return errorPage(request, reply, t('page.notFound.title'), t('page.notFound.body'), 404);
    return errorPage(request, reply, t('page.error.title'), t('page.error.body'), statusCode);
  });

  app.setNotFoundHandler((request, reply) => {
    if (isApiRequest(request)) return reply.code(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` });
    return errorPage(request, reply, request.t('page.notFound.title'), request.t('page.notFound.body'), 404);
  });
}

/** What is wrong with a page's input, in the reader's language, naming each field; undefined when the error is not about input. */
function inputProblems(error: FastifyError, t: Translate): string | undefined {
  const fields = error instanceof BadInput ? error.problems : error.validation ? fieldErrorsFromSchema(error.validation as SchemaError[], error.validationContext ?? 'body') : undefined;
  if (!fields) return undefined;
  return fields.map(({ field, code }) => t(error.validationContext === 'params' ? 'error.input.address' : (PAGE_MESSAGES[code] ?? 'error.input.invalid'), { field })).join(' ');
}

const PAGE_MESSAGES: Record<string, MessageKey> = {
  'text.nul': 'error.input.nul',
  'text.lone_surrogate': 'error.input.lone_surrogate',
  'schema.maxLength': 'error.input.too_long',
};

function sendApiError(error: FastifyError, statusCode: number, reply: FastifyReply): FastifyReply {
  if (error instanceof BadInput) return reply.code(400).send({ error: 'validation', message: error.message, errors: error.problems });
  if (error.validation) {
    return reply.code(400).send({
      error: 'validation',
      message: 'The request does not match the schema; see errors.',
      errors: fieldErrorsFromSchema(error.validation as SchemaError[], error.validationContext ?? 'body'),
    });
  }
  if (statusCode >= 500) return reply.code(statusCode).send({ error: 'internal', message: 'Internal error; nothing was saved.' });
  return reply.code(statusCode).send({ error: codeOf(error), message: error.message });
}

function codeOf(error: FastifyError): string {
  if (error.statusCode === 413) return 'body_too_large';
  if (error.statusCode === 415) return 'unsupported_media_type';
  if (error.statusCode === 429) return 'rate_limited';
  return (error.code ?? 'bad_request').replace(/^FST_(ERR_)?/, '').toLowerCase();
}
