import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/config.js';
import { fetchPolicy } from '../outbound/fetch-policy.js';
import { SafeFetcher } from '../outbound/safe-fetch.js';
import { cliLogger, withCliDatabase } from '../server/cli-database.js';
import { identityDocument, loadExchangeKey, type IdentityDocument } from './identity.js';
import { hotlineIdentity } from './index.js';
import { addPartner, disablePartner, listPartners, PartnerInputError, type PartnerEntry } from './partners.js';

/** `exchange identity`: the document partners add this hotline from; the key is made on first use. */
export function registerExchangeCommands(program: Command): void {
  const exchange = program.command('exchange').description('signed exchange with partner hotlines');
  exchange
    .command('identity')
    .description('print this hotline’s public identity document (made with its key pair on first use)')
    .action(async () => {
      const config = loadConfig();
      const key = await loadExchangeKey(config.exchange.privateKeyPem, config.dataDir);
      if (key.created) cliLogger(config).warn({ file: key.created }, 'created the exchange key pair: back this file up, or set EXCHANGE_PRIVATE_KEY');
      console.log(JSON.stringify(identityDocument(hotlineIdentity(config), key), null, 2));
    });
}

interface AddOptions {
  name?: string;
  country?: string;
  url?: string;
  publicKey?: string;
  keyId?: string;
  fromIdentity?: string;
}

/** A partner's identity document, from a file or from its URL through the SSRF-safe fetcher. */
async function readIdentity(config: Config, source: string): Promise<IdentityDocument> {
  let text: string;
  if (/^https?:\/\//.test(source)) {
    const fetcher = new SafeFetcher({ limits: { maxBytes: 200_000, timeoutMs: 15_000, maxRedirects: 3 }, proxyUrl: config.capture.outboundProxy, policy: fetchPolicy(config.fetchAllowCidrs, cliLogger(config)) });
    try {
      const response = await fetcher.fetch(source);
      if (!response.ok) throw new PartnerInputError(`${source} could not be fetched: ${response.message}`);
      if (response.status !== 200) throw new PartnerInputError(`${source} answered HTTP ${response.status}`);
      text = response.body.toString('utf8');
    } finally {
      await fetcher.close();
    }
  } else {
    text = await fs.readFile(source, 'utf8');
  }
  try {
    return JSON.parse(text) as IdentityDocument;
  } catch {
    throw new PartnerInputError(`${source} is not an identity document (JSON)`);
  }
}

/** The entries to add: one per key (two while the partner rotates), options overriding the document. */
async function entriesOf(config: Config, options: AddOptions): Promise<PartnerEntry[]> {
  const document = options.fromIdentity ? await readIdentity(config, options.fromIdentity) : undefined;
  const name = options.name ?? document?.name;
  const country = options.country ?? document?.country;
  const baseUrl = options.url ?? document?.baseUrl;
  if (!name || !country || !baseUrl) throw new PartnerInputError('--name, --country and --url are required (or --from-identity)');
  const keys = options.publicKey ? [{ publicKey: options.publicKey, keyId: options.keyId }] : (document?.keys ?? []).map((key) => ({ publicKey: key.publicKey, keyId: key.id }));
  if (keys.length === 0) throw new PartnerInputError('--public-key is required (or --from-identity)');
  return keys.map((key) => ({ name, country, baseUrl, ...key }));
}

/** `partner add|list|disable`: the hotlines this one exchanges with. */
export function registerPartnerCommands(program: Command): void {
  const partner = program.command('partner').description('partner hotlines this hotline exchanges signed messages with');
  const inputErrors = [PartnerInputError];

  partner
    .command('add')
    .description('add a partner hotline, or a new key of one (a partner keeps its newest two keys while it rotates)')
    .option('--name <name>', 'the partner hotline’s name, unique in the directory')
    .option('--country <code>', 'ISO 3166-1 alpha-2 country it works in, e.g. CZ: content hosted there is forwarded to it')
    .option('--url <baseUrl>', 'its base URL, e.g. https://hotline.example.cz')
    .option('--public-key <key>', 'its Ed25519 public key: SPKI PEM, or the 32 bytes in base64')
    .option('--key-id <id>', 'the key’s id (default: its JWK thumbprint, as OpenHotline names keys)')
    .option('--from-identity <fileOrUrl>', 'read name, country, URL and keys from its identity document (…/.well-known/openhotline)')
    .action((options: AddOptions) =>
      withCliDatabase(
        'partner add',
        async (db) => {
          const config = loadConfig();
          let added;
          for (const entry of await entriesOf(config, options)) added = await addPartner(db, entry);
          console.log(`added ${JSON.stringify(added!.name)} (${added!.country}, keys ${added!.keyIds.join(', ')})`);
        },
        { inputErrors, audited: { ...options } },
      ),
    );

  partner
    .command('list')
    .description('every partner hotline, with its keys')
    .action(() =>
      withCliDatabase('partner list', async (db) => {
        const partners = await listPartners(db);
        if (partners.length === 0) return console.log('no partners yet; add one with `partner add`');
        console.table(partners.map((entry) => ({ name: entry.name, country: entry.country, url: entry.baseUrl, keys: entry.keyIds.join(' '), enabled: entry.enabled ? 'yes' : 'no' })));
      }),
    );

  partner
    .command('disable')
    .description('stop exchanging with a partner: nothing is sent to it or accepted from it')
    .requiredOption('--name <name>', 'the partner')
    .action((options: { name: string }) =>
      withCliDatabase(
        'partner disable',
        async (db) => {
          const disabled = await disablePartner(db, options.name);
          console.log(`disabled ${JSON.stringify(disabled.name)}`);
        },
        { inputErrors, audited: { ...options } },
      ),
    );
}
