import { sql } from 'kysely';
import type { Logger } from 'pino';
import { idsOfJobs } from '../jobs/job-data.js';
import type { JobDefinition, Jobs } from '../jobs/queue.js';
import { moveNotice, type QueuedNotice } from './store.js';
import { SENDING_LEASE_MS, sendNotices, type SenderDeps } from './send.js';

export const SEND_NOTICE_JOB = 'send-notice';

/** Sending through the job queue, each notice at its time. */
export function scheduleNoticesOn(jobs: () => Pick<Jobs, 'sendKeyedAt'>): (notices: readonly QueuedNotice[]) => Promise<void> {
  return async (notices) => {
    if (notices.length === 0) return;
    await jobs().sendKeyedAt(SEND_NOTICE_JOB, notices.map((notice) => ({ key: notice.id, data: { noticeId: notice.id }, startAfter: notice.notBefore })));
  };
}

/** Notices a sender takes at once: their items traced again together, each then sent on its own. */
export const SEND_BATCH = 20;

export function noticeJobs(deps: SenderDeps, logger: Logger): JobDefinition[] {
  const send = async (jobs: object[]) => {
    const noticeIds = idsOfJobs(jobs, 'noticeId', logger);
    const outcomes = await sendNotices(deps, noticeIds);
    for (const [n, noticeId] of noticeIds.entries()) if (outcomes[n] === 'sent') logger.info({ noticeId }, 'notice sent');
  };
  return [
    {
      name: SEND_NOTICE_JOB,
      concurrency: 4,
      retryLimit: 3,
      batchSize: SEND_BATCH,
      handle: (data) => send([data]),
      handleBatch: send,
    },
    {
      name: 'notices-sweep',
      schedule: '* * * * *',
      retryLimit: 0,
      handle: async () => {
        const unknown = await resolveInterruptedSending(deps);
        if (unknown > 0) logger.warn({ notices: unknown }, 'notices interrupted while being sent: marked failed with outcome unknown, never sent twice');
        const due = await dueNotices(deps);
        await deps.schedule(due);
      },
    },
  ];
}

/** Notices left in `sending` by a process that died: resolved without a second send (see send.ts). */
async function resolveInterruptedSending(deps: SenderDeps): Promise<number> {
  const stale = await deps.db
    .selectFrom('notices')
    .select('id')
    .where('state', '=', 'sending')
    .where('sending_since', '<', new Date(Date.now() - SENDING_LEASE_MS))
    .execute();
  const message = 'outcome unknown: sending was interrupted; the SMTP server may have accepted it — check its log for the Message-ID before sending again';
  for (const { id } of stale) await moveNotice(deps.db, id, 'outcome_unknown', { last_error: message });
  return stale.length;
}

/** Notices whose time came (or whose hold passed) without a job, e.g. queued before SMTP_URL was set. */
async function dueNotices(deps: SenderDeps): Promise<QueuedNotice[]> {
  const rows = await deps.db
    .selectFrom('notices')
    .select(['id', 'not_before'])
    .where((eb) => eb.or([eb.and([eb('state', '=', 'queued'), eb('not_before', '<=', sql<Date>`now()`)]), eb.and([eb('state', '=', 'held'), eb('hold_until', '<=', sql<Date>`now()`)])]))
    .limit(1000)
    .execute();
  return rows.map((row) => ({ id: row.id, notBefore: new Date(), isNew: true }));
}
