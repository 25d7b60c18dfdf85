import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { staffContext } from '../auth/routes.js';
import { sendPage } from '../web/i18n-plugin.js';
import { queryAuditLog } from './log.js';
import { auditLogPage, readAuditFilters } from './page.js';

const PAGE_SIZE = 100;

/** Auditors browse and filter the audit trail. */
export async function auditRoutes(app: FastifyInstance, options: { db: Kysely<Database> }): Promise<void> {
  app.get<{ Querystring: Record<string, string | undefined> }>('/staff/audit', { config: { access: 'audit.view' }, schema: { hide: true } }, async (request, reply) => {
    const { form, filters, before } = readAuditFilters(request.query);
    const page = await queryAuditLog(options.db, { ...filters, limit: PAGE_SIZE, ...(before ? { before } : {}) });
    return sendPage(reply, auditLogPage(staffContext(request, reply), { entries: page.entries, filters: form, nextCursor: page.nextCursor }));
  });
}
