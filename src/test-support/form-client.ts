import type { FastifyInstance } from 'fastify';

const FORM = 'application/x-www-form-urlencoded';

/** A browser-like client for `app.inject`: keeps cookies and reads the CSRF token of each form. */
export function formClient(app: FastifyInstance) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  let csrf = '';
  const remember = <R extends { cookies: { name: string; value: string }[]; body: string }>(response: R): R => {
    for (const cookie of response.cookies) {
      if (cookie.value === '') jar.delete(cookie.name);
      else jar.set(cookie.name, cookie.value);
    }
    csrf = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1] ?? csrf;
    return response;
  };
  return {
    get: async (url: string) => remember(await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader() } })),
    post: async (url: string, fields: Record<string, string>) =>
      remember(
        await app.inject({
          method: 'POST',
          url,
          headers: { cookie: cookieHeader(), 'content-type': FORM },
          payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
        }),
      ),
    session: () => jar.get('ohsid'),
  };
}
