import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../web/html.js';
import { pageContext, sendPage } from '../web/i18n-plugin.js';
import { messagePage } from '../web/layout.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';

/** The workbench in the reader's language, chosen as on the public site. */
export function staffContext(request: FastifyRequest, reply: FastifyReply): StaffPageContext {
  return {
    ...pageContext(request),
    csrfToken: reply.generateCsrf(),
    user: request.staff?.stage === 'full' ? request.staff.user : undefined,
  };
}

/**
 * A page saying what went wrong: inside the workbench in the workbench's frame,
 * with its navigation and a way back to the reader's start page; elsewhere in
 * the public site's.
 */
export function errorPage(request: FastifyRequest, reply: FastifyReply, title: string, message: string, statusCode: number): FastifyReply {
  if (!request.url.startsWith('/staff')) return sendPage(reply, messagePage(pageContext(request), title, message), statusCode);
  const context = staffContext(request, reply);
  const back = context.user ? html`<p><a href="/staff">${context.t('staff.startPage')}</a></p>` : html`<p><a href="/staff/login">${context.t('staff.login.title')}</a></p>`;
  return sendPage(reply, staffLayout(context, title, html`<h1>${title}</h1><p>${message}</p>${back}`), statusCode);
}
