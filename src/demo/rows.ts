import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { arrayLiteral } from './plan.js';
import type { SeedContext } from './seed.js';

type Trx = Transaction<Database>;

/** Reports, items and what triage, assessment and routing recorded of them, from the plan. */
export async function insertItemRows(trx: Trx, context: SeedContext): Promise<void> {
  await insertReportsAndItems(trx);
  await insertTriage(trx);
  await insertAssessments(trx, context);
  await insertRouting(trx);
  await insertEvents(trx, context);
}

async function insertReportsAndItems(trx: Trx): Promise<void> {
  await sql`
    INSERT INTO reports (id, receipt_digest, received_at, channel, language, claimed_category, content_type, may_contact, demo)
    SELECT report_id, sha256(convert_to(report_id::text, 'UTF8')), reported_at, CASE WHEN n % 7 = 0 THEN 'api' ELSE 'web' END,
           ('{nl,nl,nl,nl,en,en,cs,sv,ru,kk}'::text[])[1 + n % 10], category,
           ('{image,image,image,video,website,website,text,other}'::text[])[1 + (n / 7) % 8], false, true
    FROM demo_plan`.execute(trx);
  await sql`
    INSERT INTO content_items (id, normalized_url, host, status, category, reporter_count, first_reported_at, last_reported_at, status_changed_at, hosting_country)
    SELECT item_id, url, host, status, category, 1, reported_at, reported_at, status_changed_at, CASE WHEN triaged_at IS NOT NULL THEN hosting_country END
    FROM demo_plan`.execute(trx);
  await sql`INSERT INTO report_items (report_id, item_id, submitted_url) SELECT report_id, item_id, url FROM demo_plan`.execute(trx);
}

/** The link check, the trace and the captured files' hashes; no file content, as if erased at once. */
async function insertTriage(trx: Trx): Promise<void> {
  await sql`
    INSERT INTO item_traces (item_id, traced_at, host, country, addresses)
    SELECT item_id, triaged_at - interval '3 seconds', host, hosting_country,
           jsonb_build_array(jsonb_build_object('address', '198.51.100.' || ((provider_index - 1) * 8 + 1 + n % 6), 'family', 4, 'isPublic', true,
                                                'country', hosting_country, 'network', jsonb_build_object('asn', asn, 'organisation', organisation)))
           || CASE WHEN n % 4 = 0 THEN jsonb_build_array(jsonb_build_object('address', '2001:db8:' || to_hex(provider_index) || '::' || to_hex(1 + n % 4000),
                'family', 6, 'isPublic', true, 'country', hosting_country, 'network', jsonb_build_object('asn', asn, 'organisation', organisation)))
              ELSE '[]'::jsonb END
    FROM demo_plan WHERE triaged_at IS NOT NULL`.execute(trx);
  await sql`
    INSERT INTO item_checks (item_id, checked_at, hops, http_status, content_type, failure)
    SELECT item_id, triaged_at - interval '2 seconds', jsonb_build_array(url),
           CASE WHEN outcome <> 'unavailable' THEN 200 WHEN n % 2 = 0 THEN 404 END,
           CASE WHEN outcome <> 'unavailable' OR n % 2 = 0 THEN 'text/html' END,
           CASE WHEN outcome = 'unavailable' AND n % 2 = 1 THEN 'dns' END
    FROM demo_plan WHERE triaged_at IS NOT NULL`.execute(trx);
  await sql`
    INSERT INTO captured_media (item_id, source_url, kind, media_type, byte_length, md5, sha1, sha256, pdq, pdq_quality, known, sealed, captured_at, erased_at)
    SELECT item_id, url || '/file', CASE WHEN n % 9 = 0 THEN 'video' ELSE 'image' END, CASE WHEN n % 9 = 0 THEN 'video/mp4' ELSE 'image/jpeg' END,
           20000 + n % 900000, md5(item_id::text), left(encode(sha256(convert_to('sha1:' || item_id, 'UTF8')), 'hex'), 40),
           encode(sha256(convert_to(item_id::text, 'UTF8')), 'hex'), encode(sha256(convert_to('pdq:' || item_id, 'UTF8')), 'hex'), 70 + n % 31,
           CASE WHEN automatic THEN jsonb_build_object('category', category, 'classification', 'baseline',
                                                       'matchedBy', CASE WHEN n % 3 = 0 THEN '["pdq"]'::jsonb ELSE '["sha256","md5"]'::jsonb END,
                                                       'pdqDistance', CASE WHEN n % 3 = 0 THEN n % 20 END) END,
           NULL, triaged_at - interval '1 second', triaged_at - interval '1 second'
    FROM demo_plan WHERE triaged_at IS NOT NULL AND (automatic OR (outcome = 'illegal' AND r_media < 0.3))`.execute(trx);
}

async function insertAssessments(trx: Trx, context: SeedContext): Promise<void> {
  const analysts = arrayLiteral(context.analysts.map((analyst) => analyst.id));
  await sql`
    INSERT INTO assessments (item_id, analyst_id, outcome, category, classification, note, kind, decided_at, automatic)
    SELECT item_id, CASE WHEN NOT automatic THEN (${analysts}::uuid[])[1 + n % ${context.analysts.length}] END, outcome, category,
           CASE WHEN outcome = 'illegal' THEN jsonb_build_object(
             'legalBasis', CASE WHEN automatic OR r_class < 0.8 THEN 'baseline' ELSE 'national' END,
             'ageGroup', CASE WHEN NOT automatic AND category IN ('csam', 'child_nudity', 'grooming')
                              THEN ('{infant,pre_pubescent,pre_pubescent,pubescent,pubescent,not_determined}'::text[])[1 + (n / 13) % 6]
                              ELSE 'not_determined' END,
             'gender', CASE WHEN automatic THEN 'not_determined' ELSE ('{female,female,male,both,not_determined}'::text[])[1 + n % 5] END,
             'contentType', CASE WHEN n % 9 = 0 AND (automatic OR r_media < 0.3) THEN 'video'
                                 WHEN automatic THEN 'image'
                                 ELSE ('{image,image,image,video,website,text,other}'::text[])[1 + (n / 3) % 7] END,
             'siteType', CASE WHEN automatic THEN 'other' WHEN provider_kind = 'platform' THEN 'social_network'
                              ELSE ('{website,file_host,image_host,image_host,image_board,forum,blog,redirector,web_archive,search,other}'::text[])[1 + (n / 11) % 11] END,
             'commercial', NOT automatic AND r_class < 0.07, 'paymentMethods', '[]'::jsonb, 'virtual', NOT automatic AND n % 23 = 0,
             'userGenerated', NOT automatic AND provider_kind = 'platform', 'childModelling', false) END,
           CASE WHEN automatic THEN 'all 1 captured files are known material (hash lists)' END, 'decision', assessed_at, automatic
    FROM demo_plan WHERE assessed_at IS NOT NULL`.execute(trx);
}

async function insertRouting(trx: Trx): Promise<void> {
  await sql`
    INSERT INTO item_routings (item_id, decided_at, decision, reasons, recipients, hosting_country, provider_id, origin_unknown, settled_at)
    SELECT item_id, routed_at, route,
           CASE route
             WHEN 'dsa' THEN jsonb_build_array(jsonb_build_object('code', 'platform_dsa', 'provider', provider_name))
             WHEN 'notice' THEN jsonb_build_array(jsonb_build_object('code', 'hosted_domestically', 'country', hosting_country),
                                                  jsonb_build_object('code', 'provider_in_directory', 'provider', provider_name))
             WHEN 'forward' THEN jsonb_build_array(jsonb_build_object('code', 'hosted_abroad', 'country', hosting_country),
                                                   jsonb_build_object('code', 'partner_hotline', 'country', hosting_country))
             ELSE jsonb_build_array(jsonb_build_object('code', 'hosted_abroad', 'country', hosting_country),
                                    jsonb_build_object('code', 'no_partner_hotline', 'country', hosting_country))
           END || CASE WHEN police_by_category THEN jsonb_build_array(jsonb_build_object('code', 'police_category', 'category', category)) ELSE '[]'::jsonb END,
           CASE WHEN route IN ('notice', 'dsa') THEN jsonb_build_array(jsonb_build_object(
             'kind', notice_kind, 'email', 'abuse@' || domain, 'name', provider_name, 'providerId', provider_id, 'source', 'directory',
             'language', provider_language, 'deadlineMs', deadline_seconds * 1000)) ELSE '[]'::jsonb END,
           hosting_country, provider_id, false, acted_at
    FROM demo_plan WHERE routed_at IS NOT NULL`.execute(trx);
  await sql`
    INSERT INTO police_referrals (item_id, referred_at, reason)
    SELECT item_id, CASE WHEN route = 'police' THEN acted_at ELSE routed_at END, CASE WHEN route = 'police' THEN 'no_partner' ELSE 'category' END
    FROM demo_plan WHERE (route = 'police' AND acted_at IS NOT NULL) OR (police_by_category AND routed_at IS NOT NULL)`.execute(trx);
}

/**
 * Every step of every item on its timeline, one statement per step in the order
 * the lifecycle takes them, so that each item's events are numbered in order.
 */
async function insertEvents(trx: Trx, context: SeedContext): Promise<void> {
  const emails = arrayLiteral(context.analysts.map((analyst) => analyst.email));
  const steps = [
    sql`SELECT item_id, reported_at, 'reported', NULL, 'received', NULL, NULL::jsonb FROM demo_plan`,
    sql`SELECT item_id, triaged_at, 'triage_completed', 'received', 'triaged', NULL,
               jsonb_build_object('httpStatus', CASE WHEN outcome <> 'unavailable' THEN 200 WHEN n % 2 = 0 THEN 404 END)
        FROM demo_plan WHERE triaged_at IS NOT NULL`,
    sql`SELECT item_id, assessed_at, 'assessed_' || outcome, 'triaged', outcome,
               CASE WHEN NOT automatic THEN (${emails}::text[])[1 + n % ${context.analysts.length}] END,
               CASE WHEN automatic THEN jsonb_build_object('outcome', outcome, 'category', category, 'automatic', true, 'knownFiles', 1)
                    ELSE jsonb_build_object('outcome', outcome, 'category', category, 'opinion', 'decision') END
        FROM demo_plan WHERE assessed_at IS NOT NULL`,
    sql`SELECT item_id, closed_early_at, 'closed', outcome, 'closed', NULL, NULL FROM demo_plan WHERE closed_early_at IS NOT NULL`,
    sql`SELECT item_id, routed_at, 'routed', 'illegal', 'routed', NULL, jsonb_build_object('decision', route) FROM demo_plan WHERE routed_at IS NOT NULL`,
    sql`SELECT item_id, acted_at, CASE route WHEN 'forward' THEN 'forwarded_to_partner' WHEN 'police' THEN 'referred_to_police' ELSE 'notice_sent' END,
               'routed', acted_status, NULL,
               CASE route WHEN 'forward' THEN jsonb_build_object('country', hosting_country) WHEN 'police' THEN jsonb_build_object('reason', 'no_partner')
                          ELSE jsonb_build_object('notice', notice_id) END
        FROM demo_plan WHERE acted_at IS NOT NULL`,
    sql`SELECT item_id, escalation_at, 'escalated', 'notified', 'escalated', NULL, NULL FROM demo_plan WHERE escalation_at IS NOT NULL`,
    sql`SELECT item_id, moved_at, 'move_detected', CASE WHEN escalation_at IS NOT NULL THEN 'escalated' ELSE acted_status END, 'moved', NULL, NULL
        FROM demo_plan WHERE moved_at IS NOT NULL`,
    sql`SELECT item_id, confirmed_at, 'removal_confirmed', CASE WHEN escalation_at IS NOT NULL THEN 'escalated' ELSE acted_status END, 'removed', NULL,
               jsonb_build_object('removedAt', removed_at)
        FROM demo_plan WHERE removed_at IS NOT NULL`,
    sql`SELECT item_id, closed_at, 'closed', 'removed', 'closed', NULL, NULL FROM demo_plan WHERE closed_at IS NOT NULL`,
  ];
  for (const step of steps) await sql`INSERT INTO item_events (item_id, at, event, from_status, to_status, actor, detail) ${step}`.execute(trx);
}

/** The first notice per provider and hour, the reminders and escalations that refer to it, and which items each carried. */
export async function insertNoticeRows(trx: Trx): Promise<void> {
  await sql`
    CREATE TEMP TABLE demo_notices ON COMMIT DROP AS
    SELECT notice_id AS id, 'notice' AS step, NULL::uuid AS first_notice_id, acted_at AS sent_at, plan.* FROM demo_plan plan
    WHERE acted_at IS NOT NULL AND route IN ('notice', 'dsa')
    UNION ALL
    SELECT md5('demo-reminder:' || notice_id)::uuid, 'reminder', notice_id, reminder_at, plan.* FROM demo_plan plan WHERE reminder_at IS NOT NULL
    UNION ALL
    SELECT md5('demo-escalation:' || notice_id)::uuid, 'escalation', notice_id, escalation_at, plan.* FROM demo_plan plan WHERE escalation_at IS NOT NULL`.execute(trx);
  await sql`
    INSERT INTO notices (id, reference, kind, recipient, recipient_name, provider_id, language, deadline_seconds, state, idempotency_key,
                         created_at, first_due_at, not_before, attempts, sent_at, smtp_message_id, smtp_response, step, first_notice_id)
    SELECT DISTINCT ON (id) id, 'DEMO-' || upper(replace(id::text, '-', '')), notice_kind, 'abuse@' || domain, provider_name, provider_id,
           provider_language, deadline_seconds, 'sent', 'demo:' || id, sent_at - interval '30 minutes', sent_at, sent_at, 1, sent_at,
           '<' || id || '@notices.demo.example>', '250 2.0.0 queued', step, first_notice_id
    FROM demo_notices
    ON CONFLICT (id) DO NOTHING`.execute(trx);
  await sql`
    INSERT INTO notice_items (notice_id, item_id, added_at, response, response_reason, responded_at, closed_at, closed_as, removed_at)
    SELECT id, item_id, sent_at - interval '30 minutes',
           CASE WHEN step <> 'notice' THEN NULL WHEN disputed_at IS NOT NULL THEN 'disputed' WHEN removed_at IS NOT NULL AND n % 2 = 0 THEN 'removed' END,
           CASE WHEN step = 'notice' AND disputed_at IS NOT NULL THEN 'the provider considers the content lawful' END,
           CASE WHEN step <> 'notice' THEN NULL WHEN disputed_at IS NOT NULL THEN disputed_at WHEN removed_at IS NOT NULL AND n % 2 = 0 THEN removed_at + interval '15 minutes' END,
           coalesce(confirmed_at, moved_at), CASE WHEN removed_at IS NOT NULL THEN 'removed' WHEN moved_at IS NOT NULL THEN 'moved' END, removed_at
    FROM demo_notices`.execute(trx);
}

/** The re-checks of every acted-on item until removal, and its monitoring row summing them up. */
export async function insertMonitoringRows(trx: Trx): Promise<number> {
  const inserted = await sql`
    INSERT INTO monitor_checks (item_id, checked_at, outcome, reason, http_status, hosting_country, asn)
    SELECT item_id, checked_at, outcome, reason, http_status, hosting_country, asn FROM (
      SELECT plan.item_id, plan.acted_at + (plan.watch_end - plan.acted_at) * check_number / (plan.present_checks + 1) AS checked_at,
             CASE WHEN (plan.n + check_number) % 17 = 0 THEN 'inconclusive' ELSE 'present' END AS outcome,
             CASE WHEN (plan.n + check_number) % 17 = 0 THEN 'timeout' ELSE 'media_present' END AS reason,
             CASE WHEN (plan.n + check_number) % 17 = 0 THEN NULL ELSE 200 END AS http_status, plan.hosting_country, plan.asn
      FROM demo_plan plan CROSS JOIN LATERAL generate_series(1, plan.present_checks) AS check_number
      WHERE plan.acted_at IS NOT NULL
      UNION ALL
      SELECT item_id, checked_at, 'gone', CASE WHEN n % 3 = 0 THEN 'dns' ELSE 'http_404' END, CASE WHEN n % 3 = 0 THEN NULL ELSE 404 END, hosting_country, asn
      FROM demo_plan CROSS JOIN LATERAL (VALUES (removed_at), (confirmed_at)) AS gone (checked_at)
      WHERE removed_at IS NOT NULL
      UNION ALL
      SELECT item_id, moved_at, 'present', 'moved', 200, hosting_country, asn FROM demo_plan WHERE moved_at IS NOT NULL
    ) AS checks`.execute(trx);
  await sql`
    INSERT INTO item_monitoring (item_id, acted_at, acted_by, provider_id, asn, as_organisation, hosting_country, next_check_at, last_checked_at, checks,
                                 last_miss_at, removed_at, time_to_removal_seconds, moves, reminders, escalations)
    SELECT plan.item_id, plan.acted_at, CASE plan.route WHEN 'forward' THEN 'forward' WHEN 'police' THEN 'police' ELSE 'notice' END,
           plan.provider_id, plan.asn, plan.organisation, plan.hosting_country,
           CASE WHEN plan.removed_at IS NULL AND plan.moved_at IS NULL THEN done.last_checked_at + interval '6 hours' END,
           done.last_checked_at, done.checks, plan.confirmed_at, plan.removed_at,
           extract(epoch FROM plan.removed_at - plan.acted_at)::integer,
           (plan.moved_at IS NOT NULL)::integer, (plan.reminder_at IS NOT NULL)::integer, (plan.escalation_at IS NOT NULL)::integer
    FROM demo_plan plan
    JOIN (SELECT item_id, count(*)::integer AS checks, max(checked_at) AS last_checked_at FROM monitor_checks
          WHERE item_id IN (SELECT item_id FROM demo_plan WHERE acted_at IS NOT NULL) GROUP BY item_id) AS done USING (item_id)`.execute(trx);
  return Number(inserted.numAffectedRows ?? 0);
}
