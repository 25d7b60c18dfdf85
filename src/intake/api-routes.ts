import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { LOCALES, type Locale } from '../config/config.js';
import { CONTENT_TYPES, type Category } from '../domain/categories.js';
import { MAX_DESCRIPTION_LENGTH, MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_URLS_PER_REPORT, validateReport } from '../domain/report-input.js';
import { MAX_URL_LENGTH } from '../domain/url.js';
import { translator } from '../web/i18n/index.js';
import { ApiErrorSchema, type ApiFieldError } from '../server/errors.js';
import { translateError } from './pages/report-form.js';
import { rateLimitPerMinute } from './rate-limit.js';
import { receiptStatus, submitReport, type IntakeDeps } from './reports.js';

export interface ApiRoutesOptions {
  intake: IntakeDeps;
  categories: readonly Category[];
  rateLimitPerMinute: number;
  defaultLocale: Locale;
}

const stringEnum = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

function reportBodySchema(categories: readonly Category[]) {
  return Type.Object(
    {
      urls: Type.Array(Type.String({ maxLength: MAX_URL_LENGTH }), {
        minItems: 1,
        maxItems: MAX_URLS_PER_REPORT,
        description: 'The web addresses to report (http or https).',
      }),
      category: stringEnum(
        categories.map((category) => category.id),
        'The kind of content, one of the categories this hotline takes.',
      ),
      contentType: Type.Optional(stringEnum(CONTENT_TYPES, 'The type of content, when known.')),
      description: Type.Optional(Type.String({ maxLength: MAX_DESCRIPTION_LENGTH })),
      language: Type.Optional(stringEnum(LOCALES, 'The reporter’s language.')),
      contact: Type.Optional(
        Type.Object(
          {
            name: Type.Optional(Type.String({ maxLength: MAX_NAME_LENGTH })),
            email: Type.Optional(Type.String({ maxLength: MAX_EMAIL_LENGTH })),
            mayContact: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  );
}

const SubmittedSchema = Type.Object({
  receipt: Type.String({ description: 'Keep it: the only key to this report’s status.' }),
  items: Type.Array(Type.Object({ url: Type.String(), normalizedUrl: Type.String() })),
});
const StatusSchema = Type.Object({ status: stringEnum(['received', 'in_progress', 'closed'], 'Coarse status only.') });

/** The reporting API for trusted partners and programs. */
export async function reportApiRoutes(app: FastifyInstance, options: ApiRoutesOptions): Promise<void> {
  const { intake, categories } = options;
  const body = reportBodySchema(categories);
  const english = translator('en');

  app.post<{ Body: Static<typeof body> }>(
    '/api/v1/reports',
    {
      config: { access: 'public', ...rateLimitPerMinute(options.rateLimitPerMinute) },
      schema: {
        tags: ['reports'],
        summary: 'Report one or more URLs',
        body,
        response: { 201: SubmittedSchema, 400: ApiErrorSchema, 413: ApiErrorSchema, 429: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const validation = validateReport(request.body, categories);
      if (!validation.ok) {
        const errors: ApiFieldError[] = validation.errors.map((error) => ({
          ...error,
          message: translateError(error.code, english),
        }));
        return reply.code(400).send({ error: 'validation', message: 'Some fields are not valid; see errors.', errors });
      }
      const language = request.body.language ?? options.defaultLocale;
      const submitted = await submitReport(intake, validation.report, { channel: 'api', language });
      return reply.code(201).send(submitted);
    },
  );

  app.get<{ Params: { receipt: string } }>(
    '/api/v1/reports/status/:receipt',
    {
      config: { access: 'public', ...rateLimitPerMinute(options.rateLimitPerMinute * 3) },
      schema: {
        tags: ['reports'],
        summary: 'The coarse status of a report, by its receipt code',
        params: Type.Object({ receipt: Type.String({ maxLength: 64 }) }),
        response: { 200: StatusSchema, 404: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const status = await receiptStatus(intake.db, request.params.receipt);
      if (!status) return reply.code(404).send({ error: 'not_found', message: 'No report has this receipt code.' });
      return { status };
    },
  );
}
