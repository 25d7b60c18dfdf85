import fastifyMultipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyContextConfig, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hashImageBuffer, isPdqMatchable, type ContentHashes } from '../hashing/index.js';
import { checkHashValue, HASH_TYPES, type HashValue } from '../hashlists/hash-values.js';
import type { HashMatch } from '../hashlists/match-index.js';
import type { HashMatcher } from '../hashlists/matcher.js';
import { CLASSIFICATIONS } from '../hashlists/tables.js';
import { ApiErrorSchema, type ApiFieldError } from '../server/errors.js';
import { contentStateOf, openNoticesOfProvider } from '../notices/notice-items.js';
import { noticePageUrl } from '../notices/provider-link.js';
import { authenticate, recordCheck, type Provider } from './providers.js';

export interface HashCheckRoutesOptions {
  db: Kysely<Database>;
  matcher: HashMatcher;
  /** HASHCHECK_LOG_MATCHES: keep the hashes that matched (never the others). */
  logMatches: boolean;
  /** Links to the notices' pages in the list of open notices. */
  noticePage: { baseUrl: string; pageKey: Buffer };
}

export const MAX_HASHES_PER_REQUEST = 10_000;
/** 10 000 hashes are about 1 MB of JSON; room for quality fields and indentation. */
export const HASHCHECK_BODY_LIMIT_BYTES = 2_000_000;
export const MAX_IMAGE_UPLOAD_BYTES = 20 * 1024 * 1024;
export const SECURITY_SCHEME = 'hashcheckKey';

const stringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

const HashSchema = Type.Object(
  {
    type: stringEnum(HASH_TYPES),
    value: Type.String({
      minLength: 32,
      maxLength: 64,
      pattern: '^[0-9a-fA-F]+$',
      description: 'Hexadecimal: 32 digits for md5, 40 for sha1, 64 for sha256 and pdq.',
    }),
    quality: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'PDQ quality, when known; below 50 the hash is not matched.' })),
  },
  { additionalProperties: false },
);
const CheckBodySchema = Type.Object(
  { hashes: Type.Array(HashSchema, { minItems: 1, maxItems: MAX_HASHES_PER_REQUEST }) },
  { additionalProperties: false },
);
const MatchSchema = Type.Object({
  index: Type.Integer({ description: 'Position of the hash in the request (for an image: in `hashes`).' }),
  type: stringEnum(HASH_TYPES),
  distance: Type.Optional(Type.Integer({ description: 'PDQ only: bits that differ from the nearest listed hash (≤ 31).' })),
  category: Type.String({ description: 'Category of the listed content, e.g. csam.' }),
  classification: stringEnum(CLASSIFICATIONS, 'INTERPOL baseline, or illegal under national law.'),
});
const CheckResultSchema = Type.Object({
  checked: Type.Integer({ description: 'Hashes looked up.' }),
  matches: Type.Array(MatchSchema, { description: 'One per hash and category/classification it matched; hashes not listed are not mentioned.' }),
});
const ImageResultSchema = Type.Composite([
  CheckResultSchema,
  Type.Object({
    hashes: Type.Array(Type.Object({ type: stringEnum(HASH_TYPES), value: Type.String() }), {
      description: 'The image’s own hashes: md5, sha1, sha256, pdq.',
    }),
    quality: Type.Integer({ description: 'PDQ quality, 0–100.' }),
    pdqMatchable: Type.Boolean({ description: 'Quality ≥ 50: only then is the PDQ hash matched.' }),
  }),
]);
const ImageBodySchema = Type.Object({ image: Type.String({ format: 'binary', description: `The image, at most ${MAX_IMAGE_UPLOAD_BYTES / 2 ** 20} MB.` }) });
const NoticeItemSchema = Type.Object({
  url: Type.String(),
  state: stringEnum(['open', 'removed', 'moved', 'withdrawn'] as const, 'open: still online when last checked; removed: no longer found; moved: now served by another network; withdrawn: no longer part of the notice.'),
  removedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  response: Type.Union([stringEnum(['removed', 'disputed'] as const, 'What you answered on the notice’s page.'), Type.Null()]),
});
const OpenNoticesSchema = Type.Object({
  notices: Type.Array(
    Type.Object({
      reference: Type.String({ description: 'The reference in the notice’s subject.' }),
      kind: Type.String({ description: 'ntd, dsa or cdn.' }),
      sentAt: Type.String({ format: 'date-time' }),
      deadline: Type.String({ format: 'date-time', description: 'When the content should have been removed.' }),
      page: Type.String({ description: 'The notice’s page, to confirm removal or dispute.' }),
      items: Type.Array(NoticeItemSchema),
    }),
  ),
});
const errorResponses = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 413: ApiErrorSchema, 429: ApiErrorSchema };

type CheckBody = Static<typeof CheckBodySchema>;
type CheckResult = Static<typeof CheckResultSchema>;

/** Field errors the schema cannot express: a value's length depends on its type. */
function hashProblems(hashes: CheckBody['hashes']): ApiFieldError[] {
  return hashes.flatMap((hash, index) => {
    const problems: ApiFieldError[] = [];
    const checked = checkHashValue(hash.type, hash.value);
    if (!checked.ok) problems.push({ field: `hashes[${index}].value`, code: 'hash.length', message: checked.reason });
    if (hash.quality !== undefined && hash.type !== 'pdq') {
      problems.push({ field: `hashes[${index}].quality`, code: 'hash.quality', message: 'quality applies to PDQ hashes only' });
    }
    return problems;
  });
}

function matchedHashes(queries: readonly HashValue[], matches: readonly HashMatch[]): HashValue[] {
  return [...new Set(matches.map((match) => match.index))].map((index) => queries[index]!);
}

/** An image's hashes in the order its answer lists them (match indexes point here). */
function imageHashes(hashes: ContentHashes, pdq: string, quality: number): HashValue[] {
  return [
    { type: 'md5', value: hashes.md5, quality: null },
    { type: 'sha1', value: hashes.sha1, quality: null },
    { type: 'sha256', value: hashes.sha256, quality: null },
    { type: 'pdq', value: pdq, quality },
  ];
}

type Upload = { ok: true; bytes: Buffer } | { ok: false; error: string; message: string };

/**
 * The bytes of the multipart field `image`, in memory. Over the size limit is a
 * 413 (thrown); a body the multipart parser cannot read is the client's mistake.
 */
async function readImageField(request: FastifyRequest): Promise<Upload> {
  try {
    const part = await request.file({ limits: { fileSize: MAX_IMAGE_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024 } });
    if (!part || part.fieldname !== 'image') {
      return { ok: false, error: 'missing_image', message: 'Send the image as a file in a multipart field named "image".' };
    }
    return { ok: true, bytes: await part.toBuffer() };
  } catch (error) {
    if ((error as FastifyError).statusCode !== undefined) throw error;
    return { ok: false, error: 'bad_multipart', message: `The multipart body cannot be read: ${(error as Error).message}.` };
  }
}

/**
 * The HashCheck API: hosting providers check hashes of files they host (or an
 * image itself) against the lists offered to them, with a key of their own.
 * Uploaded images are hashed in memory and never stored or logged.
 */
export async function hashCheckRoutes(app: FastifyInstance, options: HashCheckRoutesOptions): Promise<void> {
  const { db, matcher } = options;
  const providers = new WeakMap<FastifyRequest, Provider>();
  const providerOf = (request: FastifyRequest): Provider => {
    const provider = providers.get(request);
    if (!provider) throw new Error('a HashCheck route ran without an authenticated provider');
    return provider;
  };

  const authenticateProvider = async (request: FastifyRequest, reply: FastifyReply) => {
    const result = await authenticate(db, request.headers.authorization);
    if (result.ok) {
      providers.set(request, result.provider);
      return;
    }
    if (result.reason === 'disabled') {
      return reply.code(403).send({ error: 'forbidden', message: 'This provider account is disabled; contact the hotline.' });
    }
    const message = result.reason === 'missing' ? 'Send your API key as "Authorization: Bearer <key>".' : 'The API key is not valid.';
    return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message });
  };

  const routeConfig: FastifyContextConfig = {
    // Not staff routes: the provider key is checked by authenticateProvider, not by the staff guard.
    access: 'provider',
    // Runs after authenticateProvider (route onRequest hooks come first), so the limit is per provider.
    rateLimit: {
      max: (request) => providerOf(request).rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => `hashcheck-provider-${providerOf(request).id}`,
    },
  };

  const check = async (provider: Provider, queries: readonly HashValue[]): Promise<CheckResult> => {
    const matches = matcher.match(queries, { purpose: 'hashcheck' });
    await recordCheck(db, provider.id, { checked: queries.length, matched: matchedHashes(queries, matches) }, options.logMatches);
    return { checked: queries.length, matches };
  };

  app.post<{ Body: CheckBody }>(
    '/api/v1/hashcheck',
    {
      bodyLimit: HASHCHECK_BODY_LIMIT_BYTES,
      onRequest: authenticateProvider,
      config: routeConfig,
      schema: {
        tags: ['hashcheck'],
        summary: `Check up to ${MAX_HASHES_PER_REQUEST} hashes against the hotline's lists`,
        description: 'Answers which of the hashes are listed, with the category and classification of the listing; PDQ hashes match within 31 bits.',
        security: [{ [SECURITY_SCHEME]: [] }],
        body: CheckBodySchema,
        response: { 200: CheckResultSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const problems = hashProblems(request.body.hashes);
      if (problems.length > 0) {
        return reply.code(400).send({ error: 'validation', message: 'Some hashes are not valid; see errors.', errors: problems });
      }
      const queries = request.body.hashes.map((hash) => ({ type: hash.type, value: hash.value.toLowerCase(), quality: hash.quality ?? null }));
      return check(providerOf(request), queries);
    },
  );

  app.get(
    '/api/v1/hashcheck/notices',
    {
      onRequest: authenticateProvider,
      config: routeConfig,
      schema: {
        tags: ['hashcheck'],
        summary: 'Your open notices',
        description: 'The hotline’s notices to your organisation whose content is still online as far as the hotline knows, with each address and its state. Never any media.',
        security: [{ [SECURITY_SCHEME]: [] }],
        response: { 200: OpenNoticesSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 429: ApiErrorSchema },
      },
    },
    async (request) => {
      const notices = await openNoticesOfProvider(db, providerOf(request).providerId);
      return {
        notices: notices.map((notice) => ({
          reference: notice.reference,
          kind: notice.kind,
          sentAt: notice.sentAt.toISOString(),
          deadline: new Date(notice.sentAt.getTime() + notice.deadlineSeconds * 1000).toISOString(),
          page: noticePageUrl(options.noticePage.baseUrl, options.noticePage.pageKey, notice.id),
          items: notice.items.map((item) => ({ url: item.url, state: contentStateOf(item), removedAt: item.removedAt?.toISOString() ?? null, response: item.response })),
        })),
      };
    },
  );

  await app.register(async (images) => {
    await images.register(fastifyMultipart);
    images.post(
      '/api/v1/hashcheck/image',
      {
        onRequest: authenticateProvider,
        config: routeConfig,
        // The multipart stream is read by the handler; the body schema only documents it.
        validatorCompiler: () => () => true,
        schema: {
          tags: ['hashcheck'],
          summary: 'Check an image against the hotline’s lists',
          description: 'Hashes the image in memory (MD5, SHA-1, SHA-256, PDQ), discards it and checks the hashes. Nothing of the image is stored.',
          security: [{ [SECURITY_SCHEME]: [] }],
          consumes: ['multipart/form-data'],
          body: ImageBodySchema,
          response: { 200: ImageResultSchema, ...errorResponses, 415: ApiErrorSchema },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) {
          return reply.code(415).send({ error: 'unsupported_media_type', message: 'Send the image as multipart/form-data in a field named "image".' });
        }
        const upload = await readImageField(request);
        if (!upload.ok) return reply.code(400).send({ error: upload.error, message: upload.message });
        const hashes = await hashImageBuffer(upload.bytes);
        if (hashes.pdq === null || hashes.quality === null) {
          return reply.code(400).send({ error: 'not_an_image', message: `The upload is not an image this service can decode (${hashes.error}).` });
        }
        const pdqMatchable = isPdqMatchable(hashes.quality);
        const own = imageHashes(hashes, hashes.pdq, hashes.quality);
        const result = await check(providerOf(request), pdqMatchable ? own : own.slice(0, 3));
        return { ...result, hashes: own.map(({ type, value }) => ({ type, value })), quality: hashes.quality, pdqMatchable };
      },
    );
  });
}
