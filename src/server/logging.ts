import type { LoggerOptions } from 'pino';

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
