import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** /healthz: the process answers. /readyz: and its database does too. */
export async function healthRoutes(app: FastifyInstance, options: { db: Kysely<Database> }): Promise<void> {
  const hidden = { schema: { hide: true }, config: { access: 'public' as const } };
  app.get('/healthz', hidden, async () => ({ status: 'ok' }));
  app.get('/readyz', hidden, async (request, reply) => {
    try {
      await sql`SELECT 1`.execute(options.db);
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'database not ready');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
}
