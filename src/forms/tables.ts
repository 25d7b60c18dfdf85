import type { ColumnType } from 'kysely';

export interface FormSubmissionsTable {
  /** SHA-256 of the form's token, its action and its fields: the same form sent twice has the same key. */
  key: Uint8Array;
  form: string;
  /** Who may read the outcome: `user:<id>` for staff, `browser:<digest>` for a public visitor's browser. */
  owner: string;
  /** What the submission did, sealed; erased once it has been shown long enough. */
  outcome: Uint8Array | null;
  submitted_at: ColumnType<Date, Date | undefined, never>;
}

export interface FormTables {
  form_submissions: FormSubmissionsTable;
}
