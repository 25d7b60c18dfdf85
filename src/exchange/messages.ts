import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { MAX_URLS_PER_REPORT } from '../domain/report-input.js';
import { MAX_URL_LENGTH } from '../domain/url.js';

/**
 * What hotlines say to each other: a `report` of content hosted in the
 * receiver's country, and a `status` of an item the other hotline reported,
 * with ICCAM's actions. Never media: hashes and references only.
 */
export const PARTNER_STATUSES = ['reported_to_lea', 'reported_to_isp', 'removed', 'unavailable', 'moved', 'not_illegal'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];
export const MESSAGE_TYPES = ['report', 'status'] as const;

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';
const hex = (length: number) => Type.String({ pattern: `^[0-9a-f]{${length}}$` });
const country = Type.String({ pattern: '^[A-Z]{2}$' });
const timestamp = (description: string) => Type.String({ pattern: DATE_TIME, maxLength: 40, description });

const common = {
  id: Type.String({ pattern: UUID, description: 'The message id: a retry carries the same id and is applied once.' }),
  reference: Type.String({ minLength: 1, maxLength: 200, description: 'The sender’s reference for its item.' }),
  sentAt: timestamp('When the sender wrote the message.'),
};

const ClassificationSchema = Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,39}$' }), Type.Union([Type.String({ maxLength: 200 }), Type.Boolean(), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })]), {
  maxProperties: 30,
  description: 'The sender’s classification, as its analyst (or its hash lists) made it.',
});

export const ReportMessageSchema = Type.Object(
  {
    type: Type.Literal('report'),
    ...common,
    urls: Type.Array(Type.String({ minLength: 1, maxLength: MAX_URL_LENGTH }), { minItems: 1, maxItems: MAX_URLS_PER_REPORT }),
    category: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
    classification: Type.Union([ClassificationSchema, Type.Null()]),
    hashes: Type.Array(
      Type.Object({ sha256: hex(64), md5: Type.Optional(hex(32)), sha1: Type.Optional(hex(40)), pdq: Type.Optional(hex(64)) }, { additionalProperties: false }),
      { maxItems: 200, description: 'Hashes of the media the sender captured; never the media.' },
    ),
    trace: Type.Object(
      {
        host: Type.String({ minLength: 1, maxLength: 253 }),
        country: Type.Union([country, Type.Null()]),
        addresses: Type.Array(
          Type.Object({ address: Type.String({ maxLength: 45 }), country: Type.Union([country, Type.Null()]), asn: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]) }, { additionalProperties: false }),
          { maxItems: 50 },
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const StatusMessageSchema = Type.Object(
  {
    type: Type.Literal('status'),
    ...common,
    about: Type.String({ minLength: 1, maxLength: 200, description: 'The receiver’s reference from the report this status is about.' }),
    status: Type.Union(PARTNER_STATUSES.map((status) => Type.Literal(status))),
    at: timestamp('When it happened.'),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    timeToRemovalSeconds: Type.Optional(Type.Integer({ minimum: 0, description: 'For removed: the time to removal as the sender measured it.' })),
  },
  { additionalProperties: false },
);

export const ExchangeMessageSchema = Type.Union([ReportMessageSchema, StatusMessageSchema]);
export type ReportMessage = Static<typeof ReportMessageSchema>;
export type StatusMessage = Static<typeof StatusMessageSchema>;
export type ExchangeMessage = ReportMessage | StatusMessage;

const checkers = { report: TypeCompiler.Compile(ReportMessageSchema), status: TypeCompiler.Compile(StatusMessageSchema) };

export type ParsedMessage = { ok: true; message: ExchangeMessage } | { ok: false; problems: string[] };

/** A received body, checked against its type's schema; the problems say where it is wrong. */
export function parseMessage(body: Buffer): ParsedMessage {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, problems: ['the body is not JSON'] };
  }
  const type = (value as { type?: unknown } | null)?.type;
  if (type !== 'report' && type !== 'status') return { ok: false, problems: [`type: must be one of ${MESSAGE_TYPES.join(', ')}`] };
  const checker = checkers[type];
  if (checker.Check(value)) return { ok: true, message: value as ExchangeMessage };
  return { ok: false, problems: [...checker.Errors(value)].slice(0, 10).map((error) => `${error.path || '/'}: ${error.message}`) };
}
