import type { LoggerOptions } from 'pino';

interface LoggedRequest {
  method: string;
  url: string;
  id?: string;
}

/**
 * Log lines carry no IP address, user agent, query string or body: only what
 * an operator needs to follow a request.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    serializers: {
      req: (request: LoggedRequest) => ({ id: request.id, method: request.method, path: request.url.split('?', 1)[0] }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}
