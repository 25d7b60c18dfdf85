import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/**
 * AES-256-GCM for personal data at rest. `context` is bound as associated
 * data (e.g. the report id), so a ciphertext copied onto another row does not
 * decrypt there. Layout: version | iv | tag | ciphertext.
 */
export class Cipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('an AES-256 key is 32 bytes');
  }

  encrypt(plaintext: string, context: string): Buffer {
    return this.seal(Buffer.from(plaintext, 'utf8'), context);
  }

  decrypt(sealed: Uint8Array, context: string): string {
    return this.open(sealed, context).toString('utf8');
  }

  /** Bytes, e.g. captured media, sealed the same way. */
  seal(plain: Uint8Array, context: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.of(FORMAT_VERSION), iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Uint8Array, context: string): Buffer {
    const data = Buffer.from(sealed);
    if (data.length < HEADER_BYTES || data[0] !== FORMAT_VERSION) throw new Error('not a sealed value of this format');
    const iv = data.subarray(1, 1 + IV_BYTES);
    const tag = data.subarray(1 + IV_BYTES, HEADER_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data.subarray(HEADER_BYTES)), decipher.final()]);
  }
}
