import type { FastifyInstance } from 'fastify';

const FORM = 'application/x-www-form-urlencoded';

/** A browser-like client for `app.inject`: keeps cookies and reads the CSRF token of each form. */
export function formClient(app: FastifyInstance) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  let csrf = '';
  const remember = <T extends { cookies: { name: string; value: string }[]; body: string }>(response: T): T => {
    for (const cookie of response.cookies) {
      if (cookie.value === '') jar.delete(cookie.name);
      else jar.set(cookie.name, cookie.value);
    }
    csrf = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1] ?? csrf;
    return response;
  };
  const send = async (url: string, contentType: string, payload: string) =>
    remember(await app.inject({ method: 'POST', url, headers: { cookie: cookieHeader(), 'content-type': contentType }, payload }));
  return {
    get: async (url: string) => remember(await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader() } })),
    post: (url: string, fields: Record<string, string>) => send(url, FORM, new URLSearchParams({ _csrf: csrf, ...fields }).toString()),
    /** What a program, not a browser, might send to a form: JSON, with the form's valid CSRF token. */
    postJson: (url: string, body: Record<string, unknown>) => send(url, 'application/json', JSON.stringify({ _csrf: csrf, ...body })),
    session: () => jar.get('ohsid'),
  };
}
