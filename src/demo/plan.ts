import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SeedContext } from './seed.js';

/** Categories repeated by how often hotlines see them: a draw from this list is a weighted draw. */
const CATEGORY_DRAW = [
  ...Array<string>(9).fill('csam'),
  'child_nudity',
  'child_nudity',
  'grooming',
  'ncii',
  'ncii',
  'terrorism',
  'hate',
  'hate',
  'drugs',
  'violence',
  'other_illegal',
];
const PICKS_PER_UNIT_WEIGHT = 100;

/** A PostgreSQL array literal, sent as one text parameter: the same on both engines. */
export function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.join(',')}}`;
}

/** Provider indices repeated by weight, for a weighted draw by one random number. */
function providerDraw(context: SeedContext): number[] {
  return context.providers.flatMap((provider) => Array<number>(Math.max(1, Math.round(provider.weight * PICKS_PER_UNIT_WEIGHT))).fill(provider.index));
}

/**
 * The fate of items `start`…`end`, drawn at random and as one table: who hosts
 * each, what the assessment found, how the hotline acted, and the time of each
 * step. A step happens only if its time has come by `now`, and each step is
 * later than the one before, so an item's status is its last step.
 */
export async function planItems(trx: Transaction<Database>, context: SeedContext, start: number, end: number): Promise<void> {
  await sql`
    CREATE TEMP TABLE demo_providers ON COMMIT DROP AS
    SELECT * FROM jsonb_to_recordset(${JSON.stringify(context.providers)}::jsonb) AS p (
      index integer, id integer, name text, kind text, country text, asn bigint, organisation text, domain text, language text,
      "deadlineSeconds" integer, route text, "medianHours" float8, "neverShare" float8, "disputeShare" float8, "moveShare" float8)`.execute(trx);
  await sql`
    CREATE TEMP TABLE demo_plan ON COMMIT DROP AS
    WITH drawn AS (
      SELECT n, gen_random_uuid() AS item_id, gen_random_uuid() AS report_id,
             ${context.now}::timestamptz - random() * ${context.days}::float8 * interval '1 day' AS reported_at,
             random() AS r_category, random() AS r_outcome, random() AS r_auto, random() AS r_provider, random() AS r_fate,
             random() AS r_speed, random() AS r_triage, random() AS r_assess, random() AS r_close, random() AS r_checks,
             random() AS r_class, random() AS r_media
      FROM generate_series(${start}::integer, ${end}::integer) AS n
    ),
    shaped AS (
      SELECT d.*, p.id AS provider_id, p.index AS provider_index, p.name AS provider_name, p.kind AS provider_kind,
             p.country AS hosting_country, p.asn, p.organisation, p.domain, p.language AS provider_language,
             p."deadlineSeconds" AS deadline_seconds, p.route,
             (${arrayLiteral(CATEGORY_DRAW)}::text[])[1 + floor(r_category * ${CATEGORY_DRAW.length})::integer] AS category,
             CASE WHEN r_outcome < 0.55 THEN 'illegal' WHEN r_outcome < 0.85 THEN 'not_illegal' ELSE 'unavailable' END AS outcome,
             CASE
               WHEN r_fate < p."neverShare" * (1 - p."disputeShare") OR (r_fate < p."neverShare" AND p.route NOT IN ('notice', 'dsa')) THEN 'never'
               WHEN r_fate < p."neverShare" THEN 'disputed'
               WHEN r_fate < p."neverShare" + p."moveShare" THEN 'moved'
               ELSE 'removed'
             END AS fate,
             least(60 * 86400, greatest(300, round(p."medianHours" * 3600 * -ln(1 - r_speed) / ln(2))))::integer AS delay_seconds
      FROM drawn d
      JOIN demo_providers p ON p.index = (${arrayLiteral(providerDraw(context))}::integer[])[1 + floor(r_provider * ${providerDraw(context).length})::integer]
    ),
    candidates AS (
      SELECT s.*,
             s.outcome = 'illegal' AND s.category IN ('csam', 'child_nudity') AND s.r_auto < 0.4 AS automatic,
             'https://' || CASE WHEN s.provider_kind = 'platform' THEN s.domain ELSE 'files-' || (s.n % 97) || '.test-illegal.example' END
               || '/demo/' || ${context.run}::text || '/' || s.n AS url,
             CASE WHEN s.provider_kind = 'platform' THEN s.domain ELSE 'files-' || (s.n % 97) || '.test-illegal.example' END AS host,
             s.reported_at + (1 + s.r_triage * 30) * interval '1 minute' AS c_triaged
      FROM shaped s
    ),
    timed AS (
      SELECT c.*,
             c.c_triaged + CASE WHEN c.automatic THEN interval '1 minute' ELSE (0.25 + 72 * power(c.r_assess, 3)) * interval '1 hour' END AS c_assessed
      FROM candidates c
    ),
    acting AS (
      SELECT t.*,
             t.c_assessed + t.r_close * interval '48 hours' AS c_closed_early,
             t.c_assessed + interval '2 minutes' AS c_routed,
             CASE t.route
               WHEN 'forward' THEN t.c_assessed + interval '12 minutes'
               WHEN 'police' THEN t.c_assessed + interval '2 minutes 1 second'
               ELSE date_trunc('hour', t.c_assessed + interval '2 minutes') + interval '1 hour'
             END AS c_acted
      FROM timed t
    ),
    settling AS (
      SELECT a.*,
             a.c_acted + a.delay_seconds * interval '1 second' AS c_settled,
             a.c_acted + a.deadline_seconds * interval '1 second' AS c_reminder,
             a.c_acted + 3 * a.deadline_seconds * interval '1 second' AS c_escalation
      FROM acting a
    ),
    visible AS (
      SELECT s.*,
             CASE WHEN s.c_triaged <= ${context.now} THEN s.c_triaged END AS triaged_at,
             CASE WHEN s.c_assessed <= ${context.now} THEN s.c_assessed END AS assessed_at,
             CASE WHEN s.outcome <> 'illegal' AND s.r_close < 0.9 AND s.c_closed_early <= ${context.now} THEN s.c_closed_early END AS closed_early_at,
             CASE WHEN s.outcome = 'illegal' AND s.c_routed <= ${context.now} THEN s.c_routed END AS routed_at,
             CASE WHEN s.outcome = 'illegal' AND s.c_acted <= ${context.now} THEN s.c_acted END AS acted_at,
             CASE WHEN s.outcome = 'illegal' AND s.route IN ('notice', 'dsa') AND s.fate <> 'disputed' AND (s.fate = 'never' OR s.c_reminder < s.c_settled)
                   AND s.c_reminder <= ${context.now} THEN s.c_reminder END AS reminder_at,
             CASE WHEN s.outcome = 'illegal' AND s.route IN ('notice', 'dsa') AND s.fate <> 'disputed' AND (s.fate = 'never' OR s.c_escalation < s.c_settled)
                   AND s.c_escalation <= ${context.now} THEN s.c_escalation END AS escalation_at,
             CASE WHEN s.outcome = 'illegal' AND s.fate = 'disputed' AND s.c_acted + interval '6 hours' <= ${context.now} THEN s.c_acted + interval '6 hours' END AS disputed_at,
             CASE WHEN s.outcome = 'illegal' AND s.fate = 'removed' AND s.c_settled + interval '1 hour' <= ${context.now} THEN s.c_settled END AS removed_at,
             CASE WHEN s.outcome = 'illegal' AND s.fate = 'moved' AND s.c_settled <= ${context.now} THEN s.c_settled END AS moved_at,
             CASE WHEN s.outcome = 'illegal' AND s.fate = 'removed' AND s.r_close < 0.8 AND s.c_settled + interval '1 day 1 hour' <= ${context.now}
                  THEN s.c_settled + interval '1 day 1 hour' END AS closed_at
      FROM settling s
    )
    SELECT v.*,
           v.removed_at + interval '1 hour' AS confirmed_at,
           CASE v.route WHEN 'forward' THEN 'forwarded' WHEN 'police' THEN 'referred' ELSE 'notified' END AS acted_status,
           CASE
             WHEN v.closed_early_at IS NOT NULL OR v.closed_at IS NOT NULL THEN 'closed'
             WHEN v.removed_at IS NOT NULL THEN 'removed'
             WHEN v.moved_at IS NOT NULL THEN 'moved'
             WHEN v.escalation_at IS NOT NULL THEN 'escalated'
             WHEN v.acted_at IS NOT NULL THEN CASE v.route WHEN 'forward' THEN 'forwarded' WHEN 'police' THEN 'referred' ELSE 'notified' END
             WHEN v.routed_at IS NOT NULL THEN 'routed'
             WHEN v.assessed_at IS NOT NULL THEN v.outcome
             WHEN v.triaged_at IS NOT NULL THEN 'triaged'
             ELSE 'received'
           END AS status,
           greatest(v.reported_at, v.triaged_at, v.assessed_at, v.closed_early_at, v.routed_at, v.acted_at, v.escalation_at,
                    v.removed_at + interval '1 hour', v.moved_at, v.closed_at) AS status_changed_at,
           CASE WHEN v.removed_at IS NOT NULL THEN floor(v.r_checks * 7) ELSE 1 + floor(v.r_checks * 7) END::integer AS present_checks,
           coalesce(v.removed_at, v.moved_at, ${context.now}::timestamptz) AS watch_end,
           CASE WHEN v.route = 'dsa' THEN 'dsa' ELSE 'ntd' END AS notice_kind,
           v.route IN ('notice', 'dsa') AND v.category = 'csam' AND v.n % 4 = 0 AS police_by_category,
           md5('demo-notice:' || ${context.run}::text || ':' || v.provider_id || ':' || extract(epoch FROM v.acted_at)::bigint)::uuid AS notice_id
    FROM visible v`.execute(trx);
}
