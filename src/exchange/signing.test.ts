import { describe, expect, it } from 'vitest';
import { generateExchangeKey, keyIdOf } from './identity.js';
import { contentDigest, parsePublicKey, signedHeaders, verifySignedRequest, type IncomingRequest } from './signing.js';

const sender = generateExchangeKey();
const stranger = generateExchangeKey();
const URL = 'https://hotline.example.cz/api/v1/exchange/messages';
const SKEW_MS = 300_000;
const body = Buffer.from('{"type":"status","id":"x"}');
const lookup = async (keyId: string) => (keyId === sender.id ? { publicKey: parsePublicKey(sender.publicKeyPem) } : undefined);

async function signed(overrides: { body?: Buffer; created?: Date; key?: Pick<typeof sender, 'id' | 'privateKey'> } = {}): Promise<IncomingRequest> {
  const headers = await signedHeaders(overrides.key ?? sender, URL, overrides.body ?? body, overrides.created);
  return { method: 'POST', path: '/api/v1/exchange/messages', headers, body };
}

describe('signed messages (RFC 9421 over an RFC 9530 digest)', () => {
  it('carries a sha-256 Content-Digest and a signature over method, path, digest and created, with a nonce and the key id', async () => {
    const request = await signed();
    expect(request.headers['content-digest']).toBe(contentDigest(body));
    expect(request.headers['content-digest']).toMatch(/^sha-256=:[A-Za-z0-9+/]+=*:$/);
    expect(request.headers['signature-input']).toMatch(new RegExp(`^sig=\\("@method" "@path" "content-digest"\\);created=\\d+;nonce="[A-Za-z0-9_-]{22}";keyid="${sender.id}";alg="ed25519"$`));
    expect(request.headers.signature).toMatch(/^sig=:[A-Za-z0-9+/]+=*:$/);
    expect((await signed()).headers.signature).not.toBe(request.headers.signature);
  });

  it('verifies a message signed with a known key, and names the signature for replay checks', async () => {
    const result = await verifySignedRequest(await signed(), lookup, SKEW_MS);
    expect(result).toMatchObject({ ok: true, keyId: sender.id });
    expect(result.ok && result.signatureDigest.length).toBe(32);
  });

  it('refuses a body that does not match its digest', async () => {
    const request = { ...(await signed()), body: Buffer.from('{"type":"status","id":"y"}') };
    expect(await verifySignedRequest(request, lookup, SKEW_MS)).toMatchObject({ ok: false, status: 400, error: 'bad_digest' });
  });

  it('refuses a digest changed to match a changed body: the signature covers it', async () => {
    const changed = Buffer.from('{"type":"status","id":"y"}');
    const request = await signed();
    const tampered = { ...request, body: changed, headers: { ...request.headers, 'content-digest': contentDigest(changed) } };
    expect(await verifySignedRequest(tampered, lookup, SKEW_MS)).toMatchObject({ ok: false, status: 401, error: 'bad_signature' });
  });

  it('refuses a changed signature, another path or another method', async () => {
    const request = await signed();
    const signature = String(request.headers.signature);
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    expect(await verifySignedRequest({ ...request, headers: { ...request.headers, signature: flipped } }, lookup, SKEW_MS)).toMatchObject({ ok: false, status: 401, error: 'bad_signature' });
    expect(await verifySignedRequest({ ...request, path: '/api/v1/exchange/other' }, lookup, SKEW_MS)).toMatchObject({ ok: false, status: 401 });
    expect(await verifySignedRequest({ ...request, method: 'PUT' }, lookup, SKEW_MS)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a key the directory does not know', async () => {
    expect(await verifySignedRequest(await signed({ key: stranger }), lookup, SKEW_MS)).toMatchObject({ ok: false, status: 401, error: 'unknown_key' });
  });

  it('refuses a key id that names a known key but a signature made with another key', async () => {
    const request = await signed({ key: { id: sender.id, privateKey: stranger.privateKey } });
    expect(await verifySignedRequest(request, lookup, SKEW_MS)).toMatchObject({ ok: false, status: 401, error: 'bad_signature' });
  });

  it('refuses a created time outside the clock skew, in the past or the future', async () => {
    const now = Date.now();
    expect(await verifySignedRequest(await signed({ created: new Date(now - SKEW_MS - 5000) }), lookup, SKEW_MS)).toMatchObject({ ok: false, status: 401, error: 'stale_signature' });
    expect(await verifySignedRequest(await signed({ created: new Date(now + SKEW_MS + 5000) }), lookup, SKEW_MS)).toMatchObject({ ok: false, status: 401, error: 'stale_signature' });
    expect(await verifySignedRequest(await signed({ created: new Date(now - SKEW_MS + 5000) }), lookup, SKEW_MS)).toMatchObject({ ok: true });
  });

  it('refuses messages without a digest or a signature, and with two signatures', async () => {
    const request = await signed();
    const without = (name: string) => ({ ...request, headers: { ...request.headers, [name]: undefined } });
    expect(await verifySignedRequest(without('content-digest'), lookup, SKEW_MS)).toMatchObject({ status: 400, error: 'digest_missing' });
    expect(await verifySignedRequest(without('signature'), lookup, SKEW_MS)).toMatchObject({ status: 401, error: 'signature_missing' });
    expect(await verifySignedRequest(without('signature-input'), lookup, SKEW_MS)).toMatchObject({ status: 401, error: 'signature_missing' });
    const input = String(request.headers['signature-input']);
    const twice = { ...request, headers: { ...request.headers, 'signature-input': `${input}, other=${input.slice(4)}` } };
    expect(await verifySignedRequest(twice, lookup, SKEW_MS)).toMatchObject({ status: 400, error: 'malformed_signature' });
  });

  it('reads a public key as PEM or as 32 raw bytes, and names it by its JWK thumbprint', () => {
    const raw = Buffer.from(parsePublicKey(sender.publicKeyPem).export({ format: 'jwk' }).x!, 'base64url').toString('base64');
    expect(keyIdOf(parsePublicKey(raw))).toBe(sender.id);
    expect(keyIdOf(parsePublicKey(sender.publicKeyPem))).toBe(sender.id);
    expect(() => parsePublicKey('not a key')).toThrow();
  });
});
