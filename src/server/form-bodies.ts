import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isApiRequest } from './errors.js';

export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** A page's form post, as opposed to a call of the JSON API. */
function isFormPost(request: FastifyRequest): boolean {
  return request.method === 'POST' && !isApiRequest(request);
}

function mediaTypeOf(contentType: string): string {
  return contentType.split(';', 1)[0]!.trim().toLowerCase();
}

/**
 * Pages take what an HTML form sends and nothing else: a JSON body (or any
 * other) to a form is refused with 415 before it is parsed, and a form sent
 * without fields is an empty form, so every form route's body schema sees an
 * object of strings. The API's bodies are its own schemas' business.
 */
async function formBodies(app: FastifyInstance): Promise<void> {
  app.addHook('preParsing', async (request) => {
    const contentType = request.headers['content-type'];
    if (isFormPost(request) && contentType !== undefined && mediaTypeOf(contentType) !== FORM_MEDIA_TYPE) {
      throw new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(contentType);
    }
  });
  app.addHook('preValidation', async (request) => {
    if (isFormPost(request)) request.body ??= {};
  });
}

export default fp(formBodies, { name: 'form-bodies' });
