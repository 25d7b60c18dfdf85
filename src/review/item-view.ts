import type { Kysely } from 'kysely';
import type { Database, ReportsTable } from '../db/schema.js';
import type { Classification, Outcome } from '../domain/assessment.js';
import type { ItemStatus } from '../domain/item-lifecycle.js';
import type { Contact } from '../domain/report-input.js';
import { contactContext } from '../intake/reports.js';
import { monitoringOf, type ItemMonitoring } from '../monitor/view.js';
import type { Cipher } from '../privacy/cipher.js';

export interface ItemView extends ItemMonitoring {
  id: string;
  normalizedUrl: string;
  host: string;
  status: ItemStatus;
  category: string;
  hostingCountry: string | null;
  reporterCount: number;
  firstReportedAt: Date;
  claim: { email: string; expiresAt: Date } | null;
  reports: {
    id: string;
    receivedAt: Date;
    channel: ReportsTable['channel'];
    language: string;
    claimedCategory: string;
    contentType: string | null;
    description: string | null;
    submittedUrl: string;
    hasContact: boolean;
    mayContact: boolean;
  }[];
  /** `analyst` is null, and `automatic` true, for known material the hotline assessed on its own. */
  assessments: { outcome: Outcome; category: string; classification: Classification | null; note: string | null; analyst: string | null; automatic: boolean; decidedAt: Date }[];
  timeline: { at: Date; event: string; fromStatus: ItemStatus | null; toStatus: ItemStatus; actor: string | null }[];
}

/** Everything about an item except reporters' contact details, which need their own permission. */
export async function loadItem(db: Kysely<Database>, itemId: string, now = new Date()): Promise<ItemView | undefined> {
  const item = await db.selectFrom('content_items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!item) return undefined;
  const [claim, reports, assessments, timeline, monitoring] = await Promise.all([
    db
      .selectFrom('item_claims')
      .innerJoin('users', 'users.id', 'item_claims.user_id')
      .select(['users.email', 'item_claims.expires_at'])
      .where('item_claims.item_id', '=', itemId)
      .where('item_claims.expires_at', '>', now)
      .executeTakeFirst(),
    db
      .selectFrom('report_items')
      .innerJoin('reports', 'reports.id', 'report_items.report_id')
      .select([
        'reports.id',
        'reports.received_at',
        'reports.channel',
        'reports.language',
        'reports.claimed_category',
        'reports.content_type',
        'reports.description',
        'report_items.submitted_url',
        'reports.may_contact',
        (eb) => eb('reports.contact_ciphertext', 'is not', null).as('has_contact'),
      ])
      .where('report_items.item_id', '=', itemId)
      .orderBy('reports.received_at')
      .execute(),
    db
      .selectFrom('assessments')
      .leftJoin('users', 'users.id', 'assessments.analyst_id')
      .select(['assessments.outcome', 'assessments.category', 'assessments.classification', 'assessments.note', 'users.email', 'assessments.automatic', 'assessments.decided_at'])
      .where('assessments.item_id', '=', itemId)
      .orderBy('assessments.decided_at')
      .execute(),
    db.selectFrom('item_events').select(['at', 'event', 'from_status', 'to_status', 'actor']).where('item_id', '=', itemId).orderBy('id').execute(),
    monitoringOf(db, itemId),
  ]);
  return {
    id: item.id,
    normalizedUrl: item.normalized_url,
    host: item.host,
    status: item.status,
    category: item.category,
    hostingCountry: item.hosting_country,
    reporterCount: item.reporter_count,
    firstReportedAt: item.first_reported_at,
    claim: claim ? { email: claim.email, expiresAt: claim.expires_at } : null,
    reports: reports.map((report) => ({
      id: report.id,
      receivedAt: report.received_at,
      channel: report.channel,
      language: report.language,
      claimedCategory: report.claimed_category,
      contentType: report.content_type,
      description: report.description,
      submittedUrl: report.submitted_url,
      hasContact: Boolean(report.has_contact),
      mayContact: report.may_contact,
    })),
    assessments: assessments.map((row) => ({
      outcome: row.outcome,
      category: row.category,
      classification: row.classification,
      note: row.note,
      analyst: row.email,
      automatic: row.automatic,
      decidedAt: row.decided_at,
    })),
    timeline: timeline.map((row) => ({ at: row.at, event: row.event, fromStatus: row.from_status, toStatus: row.to_status, actor: row.actor })),
    ...monitoring,
  };
}

/** A reporter's contact details, decrypted; the caller audits the view. */
export async function loadContact(db: Kysely<Database>, cipher: Cipher, reportId: string): Promise<Contact | undefined> {
  const row = await db.selectFrom('reports').select(['id', 'contact_ciphertext']).where('id', '=', reportId).executeTakeFirst();
  if (!row?.contact_ciphertext) return undefined;
  // The key context is the id as stored, however the caller spelled it.
  return JSON.parse(cipher.decrypt(row.contact_ciphertext, contactContext(row.id))) as Contact;
}
