import type { Logger } from 'pino';
import type { MonitorConfig } from '../config/config.js';
import type { JobDefinition, Jobs } from '../jobs/queue.js';
import type { EnqueueRouting } from '../routing/jobs.js';
import type { RoutingDeps } from '../routing/route-item.js';
import type { MediaSearch, TraceDeps } from '../triage/triage.js';
import type { MonitorDeps } from './check.js';
import { checkSoonOn, monitorJobs } from './jobs.js';

export interface MonitorServices {
  jobs: JobDefinition[];
  /** Checks these items as soon as a worker can (a provider said they are removed). */
  checkSoon: (itemIds: readonly string[]) => Promise<void>;
}

/** Monitoring wired to triage's fetching and tracing and to routing, for `serve`. */
export function monitorServices(
  settings: MonitorConfig,
  context: { triage: MediaSearch & TraceDeps; routing: RoutingDeps; enqueueRouting: EnqueueRouting; jobs: () => Jobs; logger: Logger },
): MonitorServices {
  const deps: MonitorDeps = { db: context.triage.db, search: context.triage, trace: context.triage, routing: context.routing, settings, enqueueRouting: context.enqueueRouting };
  return {
    jobs: monitorJobs(deps, context.jobs, settings.concurrency, context.logger),
    checkSoon: checkSoonOn(deps.db, context.jobs),
  };
}
