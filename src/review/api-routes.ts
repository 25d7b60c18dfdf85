import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { audit } from '../audit/log.js';
import {
  AGE_GROUPS,
  ASSESSED_CONTENT_TYPES,
  GENDERS,
  LEGAL_BASES,
  MAX_NOTE_LENGTH,
  OUTCOMES,
  SITE_TYPES,
} from '../domain/assessment.js';
import { ITEM_STATUSES } from '../domain/item-lifecycle.js';
import { roleHas } from '../domain/permissions.js';
import { ApiErrorSchema } from '../server/errors.js';
import { IdParams as ItemParams } from '../server/id-params.js';
import { translator } from '../web/i18n/index.js';
import { assessItem, claimForAssessment } from './assess.js';
import { ClaimConflict, releaseItem } from './claims.js';
import { triageFindings } from '../triage/findings.js';
import { ROUTING_DECISIONS } from '../domain/routing.js';
import { noticesOfItem } from '../notices/store.js';
import { currentRouting } from '../routing/route-item.js';
import { ItemNoticeSchema, ItemRoutingSchema } from '../routing/api-schema.js';
import { ItemMonitoringSchema } from '../monitor/view.js';
import { loadItem } from './item-view.js';
import { countQueue, InvalidCursor, listQueue, MAX_PAGE_SIZE } from './queue.js';
import { decisionProblem, queueFilters, type ReviewOptions } from './routes.js';

const stringEnum = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });
const security = [{ bearerAuth: [] }];
/** Programs read the API's messages in English. */
const english = translator('en');

const ClassificationSchema = Type.Object(
  {
    legalBasis: stringEnum(LEGAL_BASES),
    ageGroup: stringEnum(AGE_GROUPS),
    gender: stringEnum(GENDERS),
    contentType: stringEnum(ASSESSED_CONTENT_TYPES),
    siteType: stringEnum(SITE_TYPES),
    commercial: Type.Boolean(),
    paymentMethods: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 }),
    virtual: Type.Boolean(),
    userGenerated: Type.Boolean(),
    childModelling: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** The item as `GET /api/v1/items/{id}` gives it; reports, assessments, timeline and triage as recorded. */
const ItemResponse = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    normalizedUrl: Type.String(),
    host: Type.String(),
    status: stringEnum(ITEM_STATUSES),
    category: Type.String(),
    hostingCountry: Type.Union([Type.String(), Type.Null()]),
    reporterCount: Type.Integer(),
    firstReportedAt: Type.String({ format: 'date-time' }),
    routing: ItemRoutingSchema,
    notices: Type.Array(ItemNoticeSchema),
    ...ItemMonitoringSchema,
  },
  { additionalProperties: true },
);

const AssessmentBody = Type.Object(
  {
    outcome: stringEnum(OUTCOMES),
    category: Type.Optional(Type.String({ maxLength: 40 })),
    classification: Type.Optional(ClassificationSchema),
    note: Type.Optional(Type.String({ maxLength: MAX_NOTE_LENGTH })),
  },
  { additionalProperties: false },
);

/** The workbench for programs: the same queue, items and decisions, with a staff bearer token. */
export async function reviewApiRoutes(app: FastifyInstance, options: ReviewOptions): Promise<void> {
  const { db, categories } = options;
  const rules = { categoryIds: categories.map((category) => category.id), fourEyes: options.fourEyes };
  const conflict = (reply: FastifyReply, error: ClaimConflict) => reply.code(409).send({ error: 'claimed', message: error.message });

  app.get<{ Querystring: { status?: string; category?: string; url?: string; language?: string; country?: string; routing?: string; limit?: string; cursor?: string } }>(
    '/api/v1/items',
    {
      config: { access: 'queue.view' },
      schema: {
        tags: ['items'],
        summary: 'Items, by default those waiting for assessment, most urgent first, a page at a time; `total` counts the filtered set over all pages',
        security,
        querystring: Type.Object({
          status: Type.Optional(stringEnum(ITEM_STATUSES)),
          category: Type.Optional(Type.String({ maxLength: 40 })),
          url: Type.Optional(Type.String({ maxLength: 2048 })),
          language: Type.Optional(Type.String({ maxLength: 8 })),
          country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'Hosting country, ISO 3166-1 alpha-2' })),
          routing: Type.Optional(stringEnum(ROUTING_DECISIONS)),
          limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$', description: `Items per page, 1 to ${MAX_PAGE_SIZE} (200 unless given)` })),
          cursor: Type.Optional(Type.String({ maxLength: 500, description: 'The nextCursor of the previous page' })),
        }),
        response: { 400: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const filters = queueFilters(request.query);
      const limit = Number(request.query.limit ?? 200);
      if (limit < 1 || limit > MAX_PAGE_SIZE) return reply.code(400).send({ error: 'invalid_limit', message: `limit must be between 1 and ${MAX_PAGE_SIZE}.` });
      try {
        const [page, total] = await Promise.all([listQueue(db, categories, filters, { limit, cursor: request.query.cursor }), countQueue(db, filters)]);
        return { items: page.entries, total, nextCursor: page.nextCursor };
      } catch (error) {
        if (!(error instanceof InvalidCursor)) throw error;
        return reply.code(400).send({ error: 'invalid_cursor', message: error.message });
      }
    },
  );

  app.get<{ Params: Static<typeof ItemParams> }>(
    '/api/v1/items/:id',
    {
      config: { access: 'item.view' },
      schema: {
        tags: ['items'],
        summary: 'An item with its reports, assessments, timeline, what triage found (hosting, link check, captured media without its content) and its monitoring until removal',
        security,
        params: ItemParams,
        response: { 200: ItemResponse, 404: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const item = await loadItem(db, request.params.id);
      if (!item) return reply.code(404).send({ error: 'not_found', message: 'No such item.' });
      await audit(db, { actor: request.staff!.user.email, action: 'item_viewed', objectType: 'item', objectId: item.id });
      const [triage, routing, notices] = await Promise.all([triageFindings(db, item.id), currentRouting(db, item.id), noticesOfItem(db, item.id)]);
      return {
        ...item,
        triage,
        routing,
        notices: notices.filter((notice) => notice.state !== 'withdrawn').map((notice) => ({ id: notice.id, reference: notice.reference, kind: notice.kind, recipient: notice.recipient, state: notice.state, sentAt: notice.sentAt, lastError: notice.lastError })),
      };
    },
  );

  app.post<{ Params: Static<typeof ItemParams> }>(
    '/api/v1/items/:id/claim',
    { config: { access: 'item.claim' }, schema: { tags: ['items'], summary: 'Take a lease on an item for assessment', security, params: ItemParams, response: { 404: ApiErrorSchema, 409: ApiErrorSchema } } },
    async (request, reply) => {
      if (!(await loadItem(db, request.params.id))) return reply.code(404).send({ error: 'not_found', message: 'No such item.' });
      try {
        return await claimForAssessment(db, request.params.id, request.staff!.user, options.claimMinutes, options.fourEyes);
      } catch (error) {
        if (error instanceof ClaimConflict) return conflict(reply, error);
        const message = decisionProblem(error, english);
        if (!message) throw error;
        return reply.code(400).send({ error: 'invalid_decision', message });
      }
    },
  );

  app.post<{ Params: Static<typeof ItemParams> }>(
    '/api/v1/items/:id/release',
    { config: { access: 'item.claim' }, schema: { tags: ['items'], summary: 'End a lease (a supervisor may end anyone’s)', security, params: ItemParams } },
    async (request) => {
      const user = request.staff!.user;
      return { released: await releaseItem(db, request.params.id, user.id, roleHas(user.role, 'item.release_any')) };
    },
  );

  app.post<{ Params: Static<typeof ItemParams>; Body: Static<typeof AssessmentBody> }>(
    '/api/v1/items/:id/assessment',
    {
      config: { access: 'item.assess' },
      schema: { tags: ['items'], summary: 'Record the assessment of an item one holds', security, params: ItemParams, body: AssessmentBody, response: { 400: ApiErrorSchema, 409: ApiErrorSchema } },
    },
    async (request, reply) => {
      try {
        const status = await assessItem(db, rules, request.params.id, request.staff!.user, request.body);
        if (status === 'illegal') options.onAssessedIllegal?.(request.params.id);
        return { status };
      } catch (error) {
        if (error instanceof ClaimConflict) return conflict(reply, error);
        const message = decisionProblem(error, english);
        if (!message) throw error;
        return reply.code(400).send({ error: 'invalid_decision', message });
      }
    },
  );
}
