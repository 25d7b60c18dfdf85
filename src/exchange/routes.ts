import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiErrorSchema } from '../server/errors.js';
import { IDENTITY_PATH, identityDocument, MESSAGES_PATH, type ExchangeKey, type HotlineIdentity } from './identity.js';
import { ExchangeMessageSchema } from './messages.js';
import { receiveMessage, type ReceiveDeps } from './receive.js';
import { partnerPageRoutes } from './staff-routes.js';

export interface ExchangeRoutesOptions {
  receive: ReceiveDeps;
  identity: HotlineIdentity;
  key: () => Promise<ExchangeKey>;
  rateLimitPerMinute: number;
  bodyLimit: number;
}

const KEY_ID = /keyid="([^"]{1,200})"/;

/** Partners are limited per signing key (an unsigned caller per address). */
function senderOf(request: FastifyRequest): string {
  const input = request.headers['signature-input'];
  const keyId = typeof input === 'string' ? KEY_ID.exec(input)?.[1] : undefined;
  return keyId ? `key:${keyId}` : `ip:${request.ip}`;
}

const AcceptedSchema = Type.Object({ result: Type.Union([Type.Literal('applied'), Type.Literal('duplicate')]), messageId: Type.String() });

/** The public identity document and the endpoint partner hotlines post their signed messages to. */
export async function exchangeRoutes(app: FastifyInstance, options: ExchangeRoutesOptions): Promise<void> {
  app.get(IDENTITY_PATH, { config: { access: 'public' }, schema: { tags: ['exchange'], summary: 'This hotline’s identity: name, country, endpoint and public keys' } }, async () =>
    identityDocument(options.identity, await options.key()),
  );

  await app.register(partnerPageRoutes, { db: options.receive.db, identity: options.identity, key: options.key });

  // The signature covers the body's digest as received, byte for byte: the bytes are kept beside the parsed JSON.
  const rawBodies = new WeakMap<FastifyRequest, Buffer>();
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (request, body, done) => {
      rawBodies.set(request, body as Buffer);
      try {
        done(null, JSON.parse((body as Buffer).toString('utf8')));
      } catch {
        done(Object.assign(new Error('The body is not valid JSON.'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), undefined);
      }
    });
    scope.post(
      MESSAGES_PATH,
      {
        config: { access: 'public', ...(options.rateLimitPerMinute > 0 ? { rateLimit: { max: options.rateLimitPerMinute, timeWindow: 60_000, keyGenerator: senderOf } } : {}) },
        schema: {
          tags: ['exchange'],
          summary: 'Receive a signed message from a partner hotline',
          description:
            'Signed as an HTTP Message Signature (RFC 9421) with Ed25519 over @method, @path and content-digest (RFC 9530, sha-256), with created and keyid; the key must belong to an enabled partner. A message id is applied once: a retry signed afresh is answered 200.',
          headers: Type.Object({ 'content-digest': Type.Optional(Type.String()), 'signature-input': Type.Optional(Type.String()), signature: Type.Optional(Type.String()) }),
          body: ExchangeMessageSchema,
          response: { 200: AcceptedSchema, 202: AcceptedSchema, 400: ApiErrorSchema, 401: ApiErrorSchema, 409: ApiErrorSchema, 413: ApiErrorSchema, 422: ApiErrorSchema, 429: ApiErrorSchema },
        },
      },
      async (request, reply) => {
        const body = rawBodies.get(request) ?? Buffer.alloc(0);
        const received = await receiveMessage(options.receive, { method: request.method, path: request.url, headers: request.headers, body });
        return reply.code(received.status).send(received.body);
      },
    );
  });
}
