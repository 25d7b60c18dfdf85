import type { Command } from 'commander';
import { Option } from 'commander';
import { ROLES, type Role } from '../domain/permissions.js';
import { withCliDatabase } from '../server/cli-database.js';
import { createApiToken } from './api-tokens.js';
import { createUser, findUserByEmail, UserError } from './users.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `user add`: staff accounts made from the command line. */
export function registerUserCommands(program: Command): void {
  const user = program.command('user');
  user
    .command('add')
    .description('create a staff account (prints a generated password unless --password-stdin)')
    .requiredOption('--email <email>', 'the e-mail address to sign in with')
    .addOption(new Option('--role <role>', 'what the account may do').choices(ROLES).makeOptionMandatory())
    .option('--password-stdin', 'read the password from standard input')
    .action(async (options: { email: string; role: Role; passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readStdin() : undefined;
      await withCliDatabase(
        'user add',
        async (db) => {
          const created = await createUser(db, { email: options.email, role: options.role, password });
          console.log(`created ${created.user.email} (${created.user.role})`);
          if (!options.passwordStdin) console.log(`password: ${created.password}`);
          console.log('the second factor is set up at the first sign-in, at /staff/login');
        },
        { inputErrors: [UserError], audited: { email: options.email, role: options.role } },
      );
    });

}

/** `token create`: bearer tokens for integrations that act as a staff account. */
export function registerTokenCommands(program: Command): void {
  program
    .command('token')
    .command('create')
    .description('print a new bearer token carrying the user’s role')
    .requiredOption('--email <email>', 'the staff account the token acts as')
    .option('--label <label>', 'what the token is for')
    .action((options: { email: string; label?: string }) =>
      withCliDatabase(
        'token create',
        async (db) => {
          const owner = await findUserByEmail(db, options.email);
          if (!owner) throw new UserError(`no staff account has the e-mail address ${options.email}`);
          console.log(await createApiToken(db, owner.id, options.label ?? null));
        },
        { inputErrors: [UserError], audited: { email: options.email, label: options.label ?? null } },
      ),
    );
}
