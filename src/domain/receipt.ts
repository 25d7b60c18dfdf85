/**
 * Receipt codes: 80 random bits written in Crockford's base32 as four groups
 * of four characters (ABCD-EFGH-JKMN-PQRS). The alphabet has no I, L, O or U,
 * so a code read aloud or typed from paper comes back right; when reading one,
 * the look-alikes are mapped to the digits they resemble.
 */
export const RECEIPT_BYTES = 10;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 16;
const LOOK_ALIKES: Record<string, string> = { I: '1', L: '1', O: '0', U: 'V' };

export function formatReceipt(randomBytes: Uint8Array): string {
  if (randomBytes.length !== RECEIPT_BYTES) {
    throw new RangeError(`a receipt is made of ${RECEIPT_BYTES} random bytes`);
  }
  let bits = 0n;
  for (const byte of randomBytes) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = CODE_LENGTH - 1; i >= 0; i--) {
    code += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  }
  return code.match(/.{4}/g)!.join('-');
}

/** The canonical form of a typed receipt code, or undefined when it cannot be one. */
export function parseReceipt(text: string): string | undefined {
  const characters = text
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[ILOU]/g, (char) => LOOK_ALIKES[char]!);
  if (characters.length !== CODE_LENGTH) return undefined;
  if ([...characters].some((char) => !ALPHABET.includes(char))) return undefined;
  return characters.match(/.{4}/g)!.join('-');
}
