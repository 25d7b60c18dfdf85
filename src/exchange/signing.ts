import { createHash, createPublicKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { createSigner, createVerifier, ExpiredError, httpbis, VerificationError } from 'http-message-signatures';
import { parseDictionary, serializeDictionary, type Dictionary } from 'structured-headers';
import { COVERED_COMPONENTS, type ExchangeKey } from './identity.js';

/**
 * Messages between hotlines as HTTP Message Signatures (RFC 9421) with
 * Ed25519, over the method, the path and the body's Content-Digest (RFC 9530,
 * sha-256), with a `created` time, a fresh `nonce` and the signing key's id.
 * Ed25519 is deterministic: without the nonce, a retry signed within the same
 * second would carry the very signature of the first attempt and be taken for a
 * replay. The signature base is built by the http-message-signatures library,
 * never here.
 */
const SIGNATURE_PARAMS = ['created', 'nonce', 'keyid', 'alg'];

/** `sha-256=:…:` for a body. */
export function contentDigest(body: Buffer): string {
  return serializeDictionary(new Map([['sha-256', [bytes(createHash('sha256').update(body).digest()), new Map()]]]));
}

function bytes(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}

/** The headers that carry a signed POST of `body` to `url`. */
export async function signedHeaders(key: Pick<ExchangeKey, 'id' | 'privateKey'>, url: string, body: Buffer, created = new Date()): Promise<Record<string, string>> {
  const request = {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', 'content-digest': contentDigest(body) } as Record<string, string | string[]>,
  };
  const signed = await httpbis.signMessage(
    { key: createSigner(key.privateKey, 'ed25519', key.id), fields: [...COVERED_COMPONENTS], params: SIGNATURE_PARAMS, paramValues: { created, nonce: randomBytes(16).toString('base64url') } },
    request,
  );
  return Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}

export interface IncomingRequest {
  method: string;
  /** The request's path (and query), as the server received it. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Why a message was refused: the HTTP status and a code and sentence for the sender. */
export interface Refusal {
  status: 400 | 401 | 409 | 422;
  error: string;
  message: string;
}

export type Verified<K> = { ok: true; key: K; keyId: string; signatureDigest: Buffer } | ({ ok: false } & Refusal);

const refuse = (status: Refusal['status'], error: string, message: string): { ok: false } & Refusal => ({ ok: false, status, error, message });

function header(request: IncomingRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Checks a received message: its body against its Content-Digest, then its one
 * signature — a key the directory knows, `created` within `skewMs` of now, the
 * required components covered, and the Ed25519 signature itself.
 */
export async function verifySignedRequest<K extends { publicKey: KeyObject }>(
  request: IncomingRequest,
  lookupKey: (keyId: string) => Promise<K | undefined>,
  skewMs: number,
  now = Date.now(),
): Promise<Verified<K>> {
  const digest = checkDigest(request);
  if (digest) return digest;
  const signatureHeader = header(request, 'signature');
  const input = signatureInput(request);
  if (!signatureHeader || 'refusal' in input) return 'refusal' in input ? input.refusal : refuse(401, 'signature_missing', 'The message carries no Signature header.');
  const key = await lookupKey(input.keyId);
  if (!key) return refuse(401, 'unknown_key', `No partner in this hotline's directory signs with the key ${JSON.stringify(input.keyId)}.`);
  if (Math.abs(now - input.created * 1000) > skewMs) {
    return refuse(401, 'stale_signature', `The signature was created at ${new Date(input.created * 1000).toISOString()}, outside the ${skewMs / 1000} s this hotline accepts.`);
  }
  const skewSeconds = Math.ceil(skewMs / 1000);
  let valid: boolean | null;
  try {
    valid = await httpbis.verifyMessage(
      {
        keyLookup: async () => ({ id: input.keyId, algs: ['ed25519'], verify: createVerifier(key.publicKey, 'ed25519') }),
        requiredFields: [...COVERED_COMPONENTS],
        requiredParams: ['created', 'keyid'],
        maxAge: skewSeconds,
        notAfter: Math.floor(now / 1000) + skewSeconds,
      },
      { method: request.method, url: `http://exchange.invalid${request.path}`, headers: definedHeaders(request.headers) },
    );
  } catch (error) {
    if (error instanceof ExpiredError) return refuse(401, 'stale_signature', 'The signature is outside the time this hotline accepts.');
    if (error instanceof VerificationError) return refuse(401, 'bad_signature', `The signature cannot be accepted: ${error.message}.`);
    return refuse(400, 'malformed_signature', `The signature headers cannot be read: ${(error as Error).message}.`);
  }
  if (valid !== true) return refuse(401, 'bad_signature', 'The signature does not match the message.');
  return { ok: true, key, keyId: input.keyId, signatureDigest: createHash('sha256').update(signatureHeader).digest() };
}

function definedHeaders(headers: IncomingRequest['headers']): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined));
}

function checkDigest(request: IncomingRequest): ({ ok: false } & Refusal) | undefined {
  const value = header(request, 'content-digest');
  if (!value) return refuse(400, 'digest_missing', 'The message carries no Content-Digest header (RFC 9530).');
  let sha256: unknown;
  try {
    sha256 = parseDictionary(value).get('sha-256')?.[0];
  } catch {
    return refuse(400, 'bad_digest', 'The Content-Digest header cannot be read.');
  }
  if (!(sha256 instanceof ArrayBuffer)) return refuse(400, 'bad_digest', 'The Content-Digest header has no sha-256 digest.');
  const claimed = Buffer.from(sha256);
  const actual = createHash('sha256').update(request.body).digest();
  if (claimed.length !== actual.length || !timingSafeEqual(claimed, actual)) return refuse(400, 'bad_digest', 'The body does not match its Content-Digest.');
  return undefined;
}

/** The keyid and created time of the message's only signature. */
function signatureInput(request: IncomingRequest): { keyId: string; created: number } | { refusal: { ok: false } & Refusal } {
  const value = header(request, 'signature-input');
  if (!value) return { refusal: refuse(401, 'signature_missing', 'The message carries no Signature-Input header (RFC 9421).') };
  let inputs: Dictionary;
  try {
    inputs = parseDictionary(value);
  } catch {
    return { refusal: refuse(400, 'malformed_signature', 'The Signature-Input header cannot be read.') };
  }
  if (inputs.size !== 1) return { refusal: refuse(400, 'malformed_signature', 'The message must carry exactly one signature.') };
  const parameters = [...inputs.values()][0]![1];
  const keyId = parameters.get('keyid');
  const created = parameters.get('created');
  if (typeof keyId !== 'string' || typeof created !== 'number') return { refusal: refuse(401, 'signature_incomplete', 'The signature must name its keyid and its created time.') };
  return { keyId, created };
}

/** A public key given as SPKI PEM, or as the 32 raw bytes in base64 / base64url. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim().replaceAll('\\n', '\n');
  const key = trimmed.startsWith('-----BEGIN')
    ? createPublicKey(trimmed)
    : createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(trimmed, 'base64').toString('base64url') }, format: 'jwk' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the public key is not an Ed25519 key');
  return key;
}
