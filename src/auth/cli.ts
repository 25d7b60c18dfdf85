import type { Command } from 'commander';
import { Option } from 'commander';
import { pino } from 'pino';
import { loadConfig } from '../config/config.js';
import { ROLES, type Role } from '../domain/permissions.js';
import { loggerOptions } from '../server/logging.js';
import { openMigratedDatabase } from '../server/serve.js';
import { createApiToken } from './api-tokens.js';
import { createUser, findUserByEmail, UserError } from './users.js';
import { audit } from '../audit/log.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openMigratedDatabase>>['db']) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openMigratedDatabase(config, pino({ ...loggerOptions(config.logLevel), level: 'warn' }));
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

/** `user add` and `token create`: the first admin and integrations are made from the command line. */
export function registerAuthCommands(program: Command): void {
  const user = program.command('user').description('staff accounts');
  user
    .command('add')
    .description('create a staff account (prints a generated password unless --password-stdin)')
    .requiredOption('--email <email>', 'the e-mail address to sign in with')
    .addOption(new Option('--role <role>', 'what the account may do').choices(ROLES).makeOptionMandatory())
    .option('--password-stdin', 'read the password from standard input')
    .action(async (options: { email: string; role: Role; passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readStdin() : undefined;
      try {
        const created = await withDatabase(async (db) => {
          const result = await createUser(db, { email: options.email, role: options.role, password });
          await audit(db, { actor: 'cli', action: 'user_created', objectType: 'user', objectId: result.user.id, detail: { role: options.role } });
          return result;
        });
        console.log(`created ${created.user.email} (${created.user.role})`);
        if (!options.passwordStdin) console.log(`password: ${created.password}`);
        console.log('the second factor is set up at the first sign-in, at /staff/login');
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        console.error(error.message);
        process.exitCode = 1;
      }
    });

  program
    .command('token')
    .description('API tokens for staff integrations')
    .command('create')
    .description('print a new bearer token carrying the user’s role')
    .requiredOption('--email <email>', 'the staff account the token acts as')
    .option('--label <label>', 'what the token is for')
    .action(async (options: { email: string; label?: string }) => {
      const token = await withDatabase(async (db) => {
        const owner = await findUserByEmail(db, options.email);
        if (!owner) return undefined;
        const created = await createApiToken(db, owner.id, options.label ?? null);
        await audit(db, { actor: 'cli', action: 'token_created', objectType: 'user', objectId: owner.id });
        return created;
      });
      if (!token) {
        console.error(`no staff account has the e-mail address ${options.email}`);
        process.exitCode = 1;
        return;
      }
      console.log(token);
    });
}
