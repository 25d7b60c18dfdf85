import { InvalidArgumentError, Option, type Command } from 'commander';
import { isLocale, LOCALES, type Locale } from '../config/config.js';
import { formatDuration, parseDuration } from '../config/duration.js';
import { PROVIDER_KINDS, type DirectoryProvider, type ProviderEntry, type ProviderKind } from '../domain/providers.js';
import { addHashCheckAccount, hashCheckAccountsByProvider, registerHashCheckCommands } from '../hashcheck/cli.js';
import { HashServiceError } from '../hashlists/errors.js';
import { withCliDatabase } from '../server/cli-database.js';
import { addDirectoryProvider, listDirectory, providerByName, ProviderInputError, updateDirectoryProvider } from './directory.js';

interface DirectoryOptions {
  name: string;
  kind?: ProviderKind;
  country?: string;
  cidr?: string[];
  asn?: number[];
  domain?: string[];
  abuseEmail?: string[];
  language?: Locale;
  deadline?: number;
  dsa?: boolean;
  hashcheck?: boolean;
  rateLimit?: number;
}

const collect = <T>(parse: (text: string) => T) => (text: string, previous: T[] | undefined) => [...(previous ?? []), parse(text)];

function asn(text: string): number {
  const value = Number(text.replace(/^AS/i, ''));
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected an AS number such as 64500');
  return value;
}

function deadline(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 1000) throw new InvalidArgumentError('expected a duration with a unit, such as 24h or 2d');
  return ms;
}

function language(text: string): Locale {
  if (!isLocale(text)) throw new InvalidArgumentError(`expected one of ${LOCALES.join(', ')}`);
  return text;
}

/** The directory options both `add` and `update` take. */
function directoryOptions(command: Command): Command {
  return command
    .requiredOption('--name <name>', 'the provider’s name, unique in the directory')
    .addOption(new Option('--kind <kind>', 'what the provider is').choices(PROVIDER_KINDS))
    .option('--country <code>', 'ISO 3166-1 alpha-2 country, e.g. NL: content in its networks is hosted there')
    .option('--cidr <range>', 'a network it operates (repeatable), e.g. 203.0.113.0/24', collect(String))
    .option('--asn <number>', 'an autonomous system it operates (repeatable)', collect(asn))
    .option('--domain <name>', 'a domain it runs, for platforms and registrars (repeatable)', collect(String))
    .option('--abuse-email <address>', 'where its notices go (repeatable)', collect(String))
    .option('--language <code>', `language of its notices: ${LOCALES.join(', ')}`, language)
    .option('--deadline <duration>', 'removal deadline its notices give, e.g. 24h (default NOTICE_DEADLINE)', deadline)
    .option('--dsa', 'it receives DSA Art. 16 notices (a platform)')
    .option('--no-dsa', 'it does not receive DSA Art. 16 notices')
    .option('--hashcheck', 'give it a HashCheck API key too (printed once)')
    .option('--rate-limit <perMinute>', 'HashCheck requests per minute for its key', Number);
}

/** What the options change, for `update`: only the options given. */
function changesOf(options: DirectoryOptions): Partial<ProviderEntry> {
  const changes: Partial<ProviderEntry> = {};
  if (options.kind !== undefined) changes.kind = options.kind;
  if (options.country !== undefined) changes.country = options.country;
  if (options.cidr !== undefined) changes.cidrs = options.cidr;
  if (options.asn !== undefined) changes.asns = options.asn;
  if (options.domain !== undefined) changes.domains = options.domain;
  if (options.abuseEmail !== undefined) changes.abuseEmails = options.abuseEmail;
  if (options.language !== undefined) changes.language = options.language;
  if (options.deadline !== undefined) changes.deadlineMs = options.deadline;
  if (options.dsa !== undefined) changes.dsa = options.dsa;
  return changes;
}

const DIRECTORY_FIELDS = ['kind', 'country', 'cidr', 'asn', 'domain', 'abuseEmail', 'language', 'deadline', 'dsa'] as const;

function describe(provider: DirectoryProvider): Record<string, unknown> {
  return { ...provider, deadline: provider.deadlineMs === null ? null : formatDuration(provider.deadlineMs) };
}

/**
 * `provider add|update|list|show` for the directory, and `provider disable`
 * for HashCheck keys. `provider add --name N` with no directory option is the
 * HashCheck command it always was: the provider joins the directory bare and
 * gets a key. With `--kind` it is a directory entry (country and an abuse
 * address required), with a key only when `--hashcheck` or `--rate-limit` asks.
 */
export function registerProviderCommands(program: Command): void {
  const provider = program.command('provider').description('the provider directory: hosting companies, platforms, CDNs and registrars, and their HashCheck keys');
  const inputErrors = [ProviderInputError, InvalidArgumentError, HashServiceError];

  directoryOptions(provider.command('add').description('add a provider to the directory (or, with only --name, a HashCheck account)')).action((options: DirectoryOptions) =>
    withCliDatabase(
      'provider add',
      async (db) => {
        const given = DIRECTORY_FIELDS.filter((field) => options[field] !== undefined);
        if (given.length === 0) return addHashCheckAccount(db, options.name, options.rateLimit);
        if (!options.kind) throw new ProviderInputError([{ field: 'kind', message: '--kind is required for a directory entry' }]);
        if (!options.country) throw new ProviderInputError([{ field: 'country', message: '--country is required for a directory entry' }]);
        if (!options.abuseEmail?.length) throw new ProviderInputError([{ field: 'abuseEmails', message: '--abuse-email is required for a directory entry' }]);
        const added = await addDirectoryProvider(db, {
          name: options.name,
          kind: options.kind,
          country: options.country,
          cidrs: options.cidr ?? [],
          asns: options.asn ?? [],
          domains: options.domain ?? [],
          abuseEmails: options.abuseEmail,
          language: options.language ?? null,
          deadlineMs: options.deadline ?? null,
          dsa: options.dsa ?? false,
        });
        console.log(`added ${JSON.stringify(added.name)} (${added.kind}, ${added.country})`);
        if (options.hashcheck || options.rateLimit !== undefined) await addHashCheckAccount(db, added.name, options.rateLimit);
      },
      { inputErrors, audited: { ...options } },
    ),
  );

  directoryOptions(provider.command('update').description('change a provider’s entry: the options given replace what it had')).action((options: DirectoryOptions) =>
    withCliDatabase(
      'provider update',
      async (db) => {
        const updated = await updateDirectoryProvider(db, options.name, changesOf(options));
        console.log(`updated ${JSON.stringify(updated.name)}`);
        if (options.hashcheck || options.rateLimit !== undefined) await addHashCheckAccount(db, updated.name, options.rateLimit);
      },
      { inputErrors, audited: { ...options } },
    ),
  );

  provider
    .command('list')
    .description('every provider in the directory, with its HashCheck key if it has one')
    .action(() =>
      withCliDatabase('provider list', async (db) => {
        const [entries, accounts] = await Promise.all([listDirectory(db), hashCheckAccountsByProvider(db)]);
        if (entries.length === 0) return console.log('no providers yet; add one with `provider add`');
        console.table(
          entries.map((entry) => ({
            name: entry.name,
            kind: entry.kind,
            country: entry.country ?? '—',
            networks: [...entry.cidrs, ...entry.asns.map((number) => `AS${number}`)].join(' ') || '—',
            domains: entry.domains.join(' ') || '—',
            'abuse contacts': entry.abuseEmails.join(' ') || '—',
            dsa: entry.dsa ? 'yes' : 'no',
            hashcheck: accounts.get(entry.id) ?? '—',
          })),
        );
      }),
    );

  provider
    .command('show')
    .description('one provider’s entry as JSON')
    .requiredOption('--name <name>', 'the provider')
    .action((options: { name: string }) =>
      withCliDatabase(
        'provider show',
        async (db) => {
          const entry = await providerByName(db, options.name);
          if (!entry) throw new ProviderInputError([{ field: 'name', message: `no provider is named ${JSON.stringify(options.name.trim())}` }]);
          const accounts = await hashCheckAccountsByProvider(db);
          console.log(JSON.stringify({ ...describe(entry), hashcheck: accounts.get(entry.id) ?? null }, null, 2));
        },
        { inputErrors },
      ),
    );

  registerHashCheckCommands(provider);
}
