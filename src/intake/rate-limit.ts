import type { FastifyContextConfig } from 'fastify';

/** Route config for @fastify/rate-limit: `perMinute` requests per client and minute; 0 turns it off. */
export function rateLimitPerMinute(perMinute: number): FastifyContextConfig {
  return perMinute > 0 ? { rateLimit: { max: perMinute, timeWindow: 60_000 } } : {};
}
