import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

type Command = PostgresQueryResult<unknown>['command'];
const COMMANDS = new Set<string>(['UPDATE', 'DELETE', 'INSERT', 'SELECT', 'MERGE']);

/**
 * PGlite is one PostgreSQL backend: two callers interleaving statements would
 * share one session, so one caller's transaction would swallow the other's
 * statements. This pool hands out that single session to one holder at a time;
 * Kysely transactions and pg-boss statements queue for it.
 */
export class PGlitePool implements PostgresPool {
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly pglite: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    const release = await this.acquire();
    let released = false;
    return {
      query: ((sql: string, parameters: readonly unknown[]) =>
        this.run(sql, parameters)) as PostgresPoolClient['query'],
      release: () => {
        if (!released) {
          released = true;
          release();
        }
      },
    };
  }

  /** Runs one SQL text on its own turn; text without parameters may hold several statements. */
  async execute(sql: string, parameters: readonly unknown[] = []): Promise<{ rows: unknown[] }> {
    const release = await this.acquire();
    try {
      if (parameters.length > 0) return await this.pglite.query(sql, [...parameters]);
      const results = await this.pglite.exec(sql);
      return results.at(-1) ?? { rows: [] };
    } finally {
      release();
    }
  }

  async end(): Promise<void> {
    const release = await this.acquire();
    try {
      if (!this.pglite.closed) await this.pglite.close();
    } finally {
      release();
    }
  }

  private async run<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    const result = await this.pglite.query<R>(sql, [...parameters]);
    const command = commandOf(sql);
    return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
  }

  private acquire(): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    return previous.then(() => release);
  }
}

function commandOf(sql: string): Command {
  const word = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT';
  return (COMMANDS.has(word) ? word : 'SELECT') as Command;
}
