import type { Logger } from 'pino';
import { isUuid } from '../domain/ids.js';

/** The distinct ids that jobs carry under `field`; a job without a valid one is dropped with a warning. */
export function idsOfJobs(jobs: readonly object[], field: string, logger: Logger): string[] {
  const ids = jobs.flatMap((data) => {
    const id = (data as Record<string, unknown>)[field];
    if (isUuid(id)) return [id];
    logger.warn({ data }, `job without a valid ${field} dropped`);
    return [];
  });
  return [...new Set(ids)];
}
