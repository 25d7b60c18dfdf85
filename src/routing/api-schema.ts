import { Type } from '@sinclair/typebox';
import { NOTICE_KINDS, ROUTING_DECISIONS } from '../domain/routing.js';

/**
 * What `GET /api/v1/items/{id}` says of the action taken on an illegal item:
 * the routing decision in force and the notices about it, as
 * `currentRouting` and `noticesOfItem` give them.
 */
const oneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const timestamp = Type.String({ format: 'date-time' });

const REASON_CODES = [
  'platform_dsa',
  'behind_cdn',
  'hosted_domestically',
  'hosted_abroad',
  'partner_hotline',
  'no_partner_hotline',
  'country_unknown',
  'provider_in_directory',
  'contact_from_rdap',
  'no_contact',
  'registrar_notified',
  'registrar_without_contact',
  'police_category',
  'police_first',
  'override',
] as const;

const RoutingReasonSchema = Type.Object(
  {
    code: oneOf(REASON_CODES),
    provider: Type.Optional(Type.String()),
    country: Type.Optional(Type.String({ description: 'ISO 3166-1 alpha-2' })),
    holder: Type.Optional(nullable(Type.String({ description: 'the RDAP network holder' }))),
    registrar: Type.Optional(Type.String()),
    category: Type.Optional(Type.String()),
    reason: Type.Optional(Type.String({ description: 'the supervisor’s reason for an override' })),
  },
  { description: 'One reason for the decision; which other fields it has depends on its code' },
);

const RoutingRecipientSchema = Type.Object({
  kind: oneOf(NOTICE_KINDS),
  email: Type.String(),
  name: nullable(Type.String()),
  source: oneOf(['directory', 'rdap', 'manual'] as const, 'where the contact came from'),
});

export const ItemRoutingSchema = nullable(
  Type.Object(
    {
      decision: oneOf(ROUTING_DECISIONS),
      reasons: Type.Array(RoutingReasonSchema),
      recipients: Type.Array(RoutingRecipientSchema),
      hostingCountry: nullable(Type.String()),
      originUnknown: Type.Boolean({ description: 'behind a CDN, origin host unknown' }),
      decidedAt: timestamp,
      decidedBy: nullable(Type.String({ description: 'null when the hotline decided on its own' })),
      overrideReason: nullable(Type.String()),
    },
    { description: 'The routing decision in force; null until the item is routed' },
  ),
);

export const ItemNoticeSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  reference: Type.String({ description: 'the reference in the notice’s subject' }),
  kind: oneOf(NOTICE_KINDS),
  recipient: Type.String(),
  state: oneOf(['queued', 'held', 'sent', 'failed'] as const, 'held: waiting for the police (police first)'),
  sentAt: nullable(timestamp),
  lastError: nullable(Type.String({ description: 'why the last attempt to send failed' })),
});
