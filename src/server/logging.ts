import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { pino, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

interface LoggedRequest {
  method: string;
  url: string;
  id?: string;
  routeOptions?: { url?: string };
}

/**
 * Log lines carry no IP address, user agent, query string or body: only what
 * an operator needs to follow a request. A request is named by its route
 * pattern, so that values in the path (a receipt code) stay out of the log.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    serializers: {
      req: (request: LoggedRequest) => ({ id: request.id, method: request.method, route: request.routeOptions?.url ?? request.url.split('?', 1)[0] }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}

/** The process's logger: JSON lines for machines, readable lines when a person watches a terminal. */
export function createLogger(level: string, output: { isTTY?: boolean } = process.stdout): Logger {
  if (!output.isTTY) return pino(loggerOptions(level));
  return pino(loggerOptions(level), pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', sync: true }));
}

/**
 * One line per request, when it is answered (Fastify's own logging writes two).
 * Answers the server got wrong are warnings; the rest are routine.
 */
async function requestLog(app: FastifyInstance): Promise<void> {
  app.addHook('onResponse', async (request, reply) => {
    const entry = { req: request, res: reply, ms: Math.round(reply.elapsedTime) };
    if (reply.statusCode >= 500) request.log.warn(entry, 'request completed');
    else request.log.info(entry, 'request completed');
  });
}

export default fp(requestLog, { name: 'request-log' });
