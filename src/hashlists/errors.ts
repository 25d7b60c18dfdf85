/** Input the hash service cannot take, said so that the person who gave it can fix it. */
export class HashServiceError extends Error {
  override name = 'HashServiceError';
}
