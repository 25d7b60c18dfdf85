import { InvalidArgumentError, type Command } from 'commander';
import { HashServiceError } from '../hashlists/errors.js';
import { withCliDatabase } from '../server/cli-database.js';
import { addProvider, API_KEY_PREFIX, DEFAULT_RATE_LIMIT_PER_MINUTE, disableProvider, listProviders, MAX_RATE_LIMIT_PER_MINUTE } from './providers.js';

const inputErrors = [HashServiceError];

function parseRateLimit(text: string): number {
  const perMinute = Number(text);
  if (!/^\d+$/.test(text) || perMinute < 1 || perMinute > MAX_RATE_LIMIT_PER_MINUTE) {
    throw new InvalidArgumentError(`expected a whole number of requests per minute from 1 to ${MAX_RATE_LIMIT_PER_MINUTE}`);
  }
  return perMinute;
}

/** Adds `provider add|list|disable`: the hosting providers that may use the HashCheck API. */
export function registerHashCheckCommands(program: Command): void {
  const provider = program.command('provider');

  provider
    .command('add')
    .description('create a provider account and print its API key (shown this once; only a digest is kept)')
    .requiredOption('--name <name>', 'unique name of the provider')
    .option('--rate-limit <perMinute>', 'requests per minute for this key', parseRateLimit, DEFAULT_RATE_LIMIT_PER_MINUTE)
    .action((options: { name: string; rateLimit: number }) =>
      withCliDatabase('provider add', async (db) => {
        const { provider: added, apiKey } = await addProvider(db, { name: options.name, rateLimitPerMinute: options.rateLimit });
        process.stderr.write(`API key of ${JSON.stringify(added.name)}; it is shown only now, so pass it on safely:\n`);
        console.log(apiKey);
      }, { inputErrors, audited: { name: options.name, rateLimitPerMinute: options.rateLimit } }),
    );

  provider
    .command('list')
    .description('show every provider with its key hint, limit, state and counters')
    .action(() =>
      withCliDatabase('provider list', async (db) => {
        const providers = await listProviders(db);
        if (providers.length === 0) {
          console.log('no providers yet; add one with `provider add`');
          return;
        }
        console.table(
          providers.map((row) => ({
            name: row.name,
            key: `${API_KEY_PREFIX}${row.keyHint}…`,
            'per minute': row.rateLimitPerMinute,
            active: row.active ? 'yes' : 'no',
            created: row.createdAt.toISOString(),
            'hashes checked': row.hashesChecked,
            matches: row.matches,
          })),
        );
      }, { inputErrors }),
    );

  provider
    .command('disable')
    .description('refuse the provider’s key from now on (403)')
    .requiredOption('--name <name>', 'the provider')
    .action((options: { name: string }) =>
      withCliDatabase('provider disable', async (db) => {
        await disableProvider(db, options.name);
        console.log(`disabled ${JSON.stringify(options.name.trim())}`);
      }, { inputErrors, audited: { name: options.name } }),
    );
}
