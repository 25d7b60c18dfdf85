import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import { dueSteps, type EscalationStep, type EscalationTarget } from '../domain/escalation.js';
import { canTake } from '../domain/item-lifecycle.js';
import type { SendingHours } from '../domain/sending-hours.js';
import { changeItemStatus, noteOnTimeline } from '../items/lifecycle-store.js';
import { hasOpenItems } from '../notices/notice-items.js';
import { NOTICE_COLUMNS, queueFollowUp, type Addressee, type FollowUp, type NoticeRow, type QueuedNotice } from '../notices/store.js';
import type { AbuseContactLookup } from '../rdap/index.js';

/**
 * Chasing notices whose content stays online: for every first notice sent
 * whose items are still open, the steps of ESCALATION_STEPS that came due — a
 * reminder to the same recipient, an escalation to the domain's registrar and
 * to the upstream network — each taken once (a row per step, unique), queued
 * as notices through the same sending job, and shown to supervisors.
 */
export interface EscalationDeps {
  db: Kysely<Database>;
  steps: readonly EscalationStep[];
  /** Where the registrar and the upstream network are found; without it those steps reach nobody and alert supervisors. */
  rdap: AbuseContactLookup | undefined;
  defaultLanguage: string;
  defaultDeadlineMs: number;
  sendingHours: SendingHours | undefined;
  schedule: (notices: readonly QueuedNotice[]) => Promise<void>;
  logger?: Logger;
}

/** First notices that ask the host to act; registrar and police notices are not chased. */
const CHASED_KINDS = ['ntd', 'dsa', 'cdn'] as const;

type FirstNotice = NoticeRow & { sentAt: Date };

interface OpenItem {
  itemId: string;
  host: string;
  address: string | undefined;
}

/** Recipients for a step, each with the items it is about, and why some items have none. */
interface Addressees {
  followUps: FollowUp[];
  problems: string[];
}

/** Takes every step that came due; returns how many were taken. */
export async function escalateOverdueNotices(deps: EscalationDeps, now = new Date()): Promise<number> {
  if (deps.steps.length === 0) return 0;
  let taken = 0;
  for (const notice of await overdueNotices(deps, now)) {
    const done = await takenSteps(deps.db, notice.id);
    for (const step of dueSteps(deps.steps, { sentAt: notice.sentAt, deadlineMs: notice.deadlineSeconds * 1000 }, done, now)) {
      if (await takeStep(deps, notice, step.target, now)) taken += 1;
    }
  }
  return taken;
}

/** Sent first notices old enough for the first step, with an item still online and a step left to take. */
async function overdueNotices(deps: EscalationDeps, now: Date): Promise<FirstNotice[]> {
  return deps.db
    .selectFrom('notices')
    .select(NOTICE_COLUMNS)
    .where('notices.step', '=', 'notice')
    .where('notices.state', '=', 'sent')
    .where('notices.kind', 'in', CHASED_KINDS)
    .where('notices.sent_at', '<=', new Date(now.getTime() - deps.steps[0]!.afterMs))
    .where(hasOpenItems)
    .where((eb) => eb(eb.selectFrom('escalation_steps').select(eb.fn.countAll<number>().as('n')).whereRef('escalation_steps.first_notice_id', '=', 'notices.id'), '<', deps.steps.length))
    .orderBy('notices.sent_at')
    .limit(500)
    .$narrowType<{ sentAt: Date }>()
    .execute();
}

async function takenSteps(db: Kysely<Database>, noticeId: string): Promise<Set<EscalationTarget>> {
  const rows = await db.selectFrom('escalation_steps').select('target').where('first_notice_id', '=', noticeId).execute();
  return new Set(rows.map((row) => row.target));
}

/** The first notice's items whose content is still there: not closed on the notice, not removed by monitoring. */
async function openItems(db: Kysely<Database>, noticeId: string): Promise<OpenItem[]> {
  const rows = await db
    .selectFrom('notice_items')
    .innerJoin('content_items', 'content_items.id', 'notice_items.item_id')
    .leftJoin('item_monitoring', 'item_monitoring.item_id', 'notice_items.item_id')
    .select(['notice_items.item_id as itemId', 'content_items.host'])
    .select((eb) => eb.selectFrom('item_traces').select('addresses').whereRef('item_traces.item_id', '=', 'notice_items.item_id').orderBy('item_traces.id', 'desc').limit(1).as('addresses'))
    .where('notice_items.notice_id', '=', noticeId)
    .where('notice_items.closed_at', 'is', null)
    .where('item_monitoring.removed_at', 'is', null)
    .orderBy('content_items.normalized_url')
    .execute();
  return rows.map((row) => ({ itemId: row.itemId, host: row.host, address: row.addresses?.[0]?.address }));
}

/**
 * One step for one first notice: who to write to, then — in one transaction
 * that only the first sweep to get there can commit — the step's row, its
 * notices and the items' timeline (an escalation makes them `escalated`).
 */
async function takeStep(deps: EscalationDeps, notice: FirstNotice, target: EscalationTarget, now: Date): Promise<boolean> {
  const items = await openItems(deps.db, notice.id);
  if (items.length === 0) return false;
  const { followUps, problems } = await addressees(deps, notice, target, items);
  const queued = await deps.db.transaction().execute(async (trx) => {
    const step = await trx
      .insertInto('escalation_steps')
      .values({
        first_notice_id: notice.id,
        target,
        outcome: followUps.length > 0 ? 'queued' : 'no_contact',
        recipients: followUps.map((followUp) => followUp.recipient),
        detail: problems.length > 0 ? problems.join('; ').slice(0, 2000) : null,
      })
      .onConflict((conflict) => conflict.columns(['first_notice_id', 'target']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!step) return undefined;
    const notices: QueuedNotice[] = [];
    for (const followUp of followUps) notices.push(await queueFollowUp(trx, followUp, target, deps.sendingHours, now));
    const recipients = followUps.map((followUp) => followUp.recipient);
    for (const item of items) {
      const { status } = await trx.selectFrom('content_items').select('status').where('id', '=', item.itemId).forUpdate().executeTakeFirstOrThrow();
      const detail = { notice: notice.reference, step: target, recipients, ...(problems.length > 0 ? { problems } : {}) };
      if (target !== 'reminder' && canTake(status, 'escalated')) await changeItemStatus(trx, { itemId: item.itemId, event: 'escalated', actor: null, detail });
      else await noteOnTimeline(trx, { itemId: item.itemId, event: target === 'reminder' ? 'reminder_queued' : 'escalation_queued', status, actor: null, detail });
    }
    return notices;
  });
  if (!queued) return false;
  await deps.schedule(queued);
  deps.logger?.info({ notice: notice.reference, step: target, messages: queued.length, problems }, 'escalation step taken');
  return true;
}

async function addressees(deps: EscalationDeps, notice: FirstNotice, target: EscalationTarget, items: readonly OpenItem[]): Promise<Addressees> {
  if (target === 'reminder') return { followUps: [followUp(notice, 'reminder', notice, items.map((item) => item.itemId))], problems: [] };
  const rdap = deps.rdap;
  if (!rdap) return { followUps: [], problems: ['RDAP is not set up: no registrar or upstream network can be found'] };
  const byRecipient = new Map<string, { name: string | null; itemIds: string[] }>();
  const problems: string[] = [];
  for (const item of items) {
    const found = target === 'registrar' ? await registrarContact(rdap, item) : await upstreamContact(rdap, item);
    if ('problem' in found) problems.push(found.problem);
    else if (found.email.toLowerCase() === notice.recipient.toLowerCase()) problems.push(`${item.host}: the ${target} has the first notice's recipient as its contact`);
    else {
      const entry = byRecipient.get(found.email) ?? { name: found.name, itemIds: [] };
      entry.itemIds.push(item.itemId);
      byRecipient.set(found.email, entry);
    }
  }
  const kind = target === 'registrar' ? 'registrar' : 'upstream';
  const followUps = [...byRecipient].map(([email, entry]) =>
    followUp(notice, 'escalation', { kind, recipient: email, recipientName: entry.name, providerId: null, language: deps.defaultLanguage, deadlineSeconds: Math.round(deps.defaultDeadlineMs / 1000) }, entry.itemIds),
  );
  return { followUps, problems };
}

type Contact = { email: string; name: string | null } | { problem: string };

async function registrarContact(rdap: AbuseContactLookup, item: OpenItem): Promise<Contact> {
  const answer = await rdap.domain(item.host);
  if (!answer.found) return { problem: `domain ${item.host}: ${answer.reason} (${answer.detail})` };
  const email = answer.registrar?.abuseEmails[0] ?? answer.abuseEmails[0];
  return email ? { email, name: answer.registrar?.name ?? null } : { problem: `domain ${item.host}: the registrar has no abuse contact` };
}

async function upstreamContact(rdap: AbuseContactLookup, item: OpenItem): Promise<Contact> {
  if (!item.address) return { problem: `${item.host}: no traced address` };
  const answer = await rdap.upstreamNetwork(item.address);
  if (!answer.found) return { problem: `network of ${item.address}: ${answer.reason} (${answer.detail})` };
  const email = answer.abuseEmails[0];
  return email ? { email, name: answer.holder ?? answer.name ?? null } : { problem: `network covering ${item.address}: no abuse contact` };
}

function followUp(first: FirstNotice, step: FollowUp['step'], to: Addressee, itemIds: string[]): FollowUp {
  return { step, first: { id: first.id, reference: first.reference }, kind: to.kind, recipient: to.recipient, recipientName: to.recipientName, providerId: to.providerId, language: to.language, deadlineSeconds: to.deadlineSeconds, itemIds };
}
