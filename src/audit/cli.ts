import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { withCliDatabase } from '../server/cli-database.js';
import { verifyAuditLog } from './log.js';

export interface CommandOutcome {
  exitCode: number;
  message: string;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit');
  audit
    .command('verify')
    .description('recompute the hash chain of the audit log and name the first entry that breaks it')
    .action(() =>
      withCliDatabase('audit verify', async (db) => {
        const outcome = await runAuditVerify(db);
        if (outcome.exitCode === 0) console.log(outcome.message);
        else {
          console.error(outcome.message);
          process.exitCode = outcome.exitCode;
        }
      }),
    );
}

/** What `audit verify` prints and exits with: 0 on an intact chain, 1 on a broken one. */
export async function runAuditVerify(db: Kysely<Database>): Promise<CommandOutcome> {
  const verdict = await verifyAuditLog(db);
  return verdict.ok
    ? { exitCode: 0, message: `audit log intact: ${verdict.count} entries` }
    : { exitCode: 1, message: `audit log broken at entry ${verdict.brokenAt}: ${verdict.reason}` };
}
