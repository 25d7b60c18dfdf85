import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createEscalationSteps(db);
  await sql`ALTER TABLE notice_items ADD COLUMN dispute_reason text CHECK (dispute_reason IN ('not_our_customer', 'not_illegal', 'other'))`.execute(db);
}

/**
 * The reminder and escalation steps taken for a first notice whose content
 * stayed online: one row per step, so a step is taken once however often the
 * sweep runs. A registrar or upstream step is also the supervisors' alert.
 */
async function createEscalationSteps(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE escalation_steps (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      first_notice_id uuid NOT NULL REFERENCES notices (id),
      target text NOT NULL CHECK (target IN ('reminder', 'registrar', 'upstream')),
      taken_at timestamptz NOT NULL DEFAULT now(),
      outcome text NOT NULL CHECK (outcome IN ('queued', 'no_contact', 'moved')),
      recipients text[] NOT NULL DEFAULT '{}',
      detail text,
      seen_at timestamptz,
      seen_by text,
      UNIQUE (first_notice_id, target)
    )`.execute(db);
  await sql`CREATE INDEX escalation_steps_unseen ON escalation_steps (taken_at) WHERE seen_at IS NULL AND target <> 'reminder'`.execute(db);
}
