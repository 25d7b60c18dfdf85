import type { Logger } from 'pino';
import type { JobDefinition } from '../jobs/queue.js';
import { escalateOverdueNotices, type EscalationDeps } from './sweep.js';

/** The one job of escalation: every minute, the reminders and escalations that came due. */
export function escalationJobs(deps: EscalationDeps, logger: Logger): JobDefinition[] {
  return [
    {
      name: 'escalation-sweep',
      schedule: '* * * * *',
      retryLimit: 0,
      handle: async () => {
        const taken = await escalateOverdueNotices(deps);
        if (taken > 0) logger.info({ steps: taken }, 'reminders and escalations queued');
      },
    },
  ];
}
