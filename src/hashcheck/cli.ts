import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { HashServiceError } from '../hashlists/errors.js';
import { withCliDatabase } from '../server/cli-database.js';
import { addProvider, API_KEY_PREFIX, DEFAULT_RATE_LIMIT_PER_MINUTE, disableProvider, listProviders } from './providers.js';

/** Gives the provider a HashCheck key and prints it: shown this once, only a digest is kept. */
export async function addHashCheckAccount(db: Kysely<Database>, name: string, rateLimitPerMinute = DEFAULT_RATE_LIMIT_PER_MINUTE): Promise<void> {
  const { provider: added, apiKey } = await addProvider(db, { name, rateLimitPerMinute });
  process.stderr.write(`HashCheck API key of ${JSON.stringify(added.name)}; it is shown only now, so pass it on safely:\n`);
  console.log(apiKey);
}

/** Each provider's HashCheck account in a few words (key hint, limit, state, counters), by directory id. */
export async function hashCheckAccountsByProvider(db: Kysely<Database>): Promise<Map<number, string>> {
  const accounts = await listProviders(db);
  return new Map(
    accounts.map((account) => [
      account.providerId,
      `${API_KEY_PREFIX}${account.keyHint}… ${account.rateLimitPerMinute}/min ${account.active ? 'active' : 'disabled'}, ${account.hashesChecked} checked, ${account.matches} matched`,
    ]),
  );
}

/** Adds `provider disable`: refuse a provider's HashCheck key from now on. */
export function registerHashCheckCommands(provider: Command): void {
  provider
    .command('disable')
    .description('refuse the provider’s HashCheck key from now on (403)')
    .requiredOption('--name <name>', 'the provider')
    .action((options: { name: string }) =>
      withCliDatabase(
        'provider disable',
        async (db) => {
          await disableProvider(db, options.name);
          console.log(`disabled ${JSON.stringify(options.name.trim())}`);
        },
        { inputErrors: [HashServiceError], audited: { name: options.name } },
      ),
    );
}
