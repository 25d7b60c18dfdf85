import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MESSAGE_TYPES, PARTNER_STATUSES } from './messages.js';

export const KEY_FILE_NAME = 'exchange-key.pem';
export const MESSAGES_PATH = '/api/v1/exchange/messages';
export const IDENTITY_PATH = '/.well-known/openhotline';
export const COVERED_COMPONENTS = ['@method', '@path', 'content-digest'] as const;

/** This instance's signing key and the id partners know it by. */
export interface ExchangeKey {
  id: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

/** The id of an Ed25519 public key: its JWK thumbprint (RFC 7638). */
export function keyIdOf(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x })).digest('base64url');
}

function exchangeKeyOf(privateKey: KeyObject): ExchangeKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the exchange key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return { id: keyIdOf(publicKey), privateKey, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}

/** A key that lives in memory only: for an application built without the instance's key, and for tests. */
export function generateExchangeKey(): ExchangeKey {
  return exchangeKeyOf(generateKeyPairSync('ed25519').privateKey);
}

/**
 * The instance's key: EXCHANGE_PRIVATE_KEY when set, otherwise a key file in
 * the data folder, made the first time it is needed (readable by the owner only).
 */
export async function loadExchangeKey(configuredPem: string | undefined, dataDir: string): Promise<ExchangeKey & { created: string | undefined }> {
  if (configuredPem) return { ...exchangeKeyOf(createPrivateKey(configuredPem)), created: undefined };
  const file = path.join(dataDir, KEY_FILE_NAME);
  const existing = await readKeyFile(file);
  if (existing) return { ...exchangeKeyOf(createPrivateKey(existing)), created: undefined };
  await fs.mkdir(dataDir, { recursive: true });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  try {
    await fs.writeFile(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process made the file first: use its key.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { ...exchangeKeyOf(createPrivateKey((await readKeyFile(file))!)), created: undefined };
    throw error;
  }
  return { ...exchangeKeyOf(createPrivateKey(pem)), created: file };
}

async function readKeyFile(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export interface HotlineIdentity {
  name: string;
  country: string;
  baseUrl: string;
  contact: string;
}

/** The public identity document a partner reads to add this hotline to its directory. */
export function identityDocument(hotline: HotlineIdentity, key: Pick<ExchangeKey, 'id' | 'publicKeyPem'>) {
  return {
    name: hotline.name,
    country: hotline.country,
    baseUrl: hotline.baseUrl,
    contact: hotline.contact,
    exchange: {
      endpoint: `${hotline.baseUrl}${MESSAGES_PATH}`,
      messageTypes: [...MESSAGE_TYPES],
      statuses: [...PARTNER_STATUSES],
      signature: { standard: 'RFC 9421', algorithm: 'ed25519', covered: [...COVERED_COMPONENTS, 'created'], digest: 'sha-256 (RFC 9530)' },
    },
    keys: [{ id: key.id, algorithm: 'ed25519', publicKey: key.publicKeyPem }],
  };
}

export type IdentityDocument = ReturnType<typeof identityDocument>;
