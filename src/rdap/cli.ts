import type { Command } from 'commander';
import ipaddr from 'ipaddr.js';
import { loadConfig } from '../config/config.js';
import { withCliDatabase } from '../server/cli-database.js';
import { BootstrapError } from './bootstrap.js';
import { refreshBootstrap, refreshedBootstrapDir } from './refresh.js';
import { configuredRdapClient, rdapFetcher } from './setup.js';

/** Adds `rdap refresh` and `rdap lookup IP|DOMAIN`. */
export function registerRdapCommands(program: Command): void {
  const rdap = program.command('rdap').description('abuse contacts by RDAP, and the IANA bootstrap files that find the RDAP services');

  rdap
    .command('refresh')
    .description('download the IANA RDAP bootstrap files (dns, ipv4, ipv6, asn) into DATA_DIR')
    .action(async () => {
      const config = loadConfig();
      const fetcher = rdapFetcher(config);
      const dir = refreshedBootstrapDir(config.dataDir);
      try {
        for (const file of await refreshBootstrap(fetcher, dir)) console.log(`${file.file}: ${file.services} services, published ${file.publication}`);
        console.log(`saved in ${dir}`);
        if (config.rdap.bootstrapDir) console.log(`note: RDAP_BOOTSTRAP_DIR is set, so ${config.rdap.bootstrapDir} is used instead`);
      } catch (error) {
        if (!(error instanceof BootstrapError)) throw error;
        process.stderr.write(`rdap refresh: ${error.message}\n`);
        process.exitCode = 1;
      } finally {
        await fetcher.close();
      }
    });

  rdap
    .command('lookup')
    .description('look up an IP address (network, holder, country, abuse contact) or a domain (registrar and its abuse contact); prints JSON')
    .argument('<target>', 'an IPv4 or IPv6 address, or a domain name')
    .action((target: string) =>
      withCliDatabase('rdap lookup', async (db) => {
        const config = loadConfig();
        const fetcher = rdapFetcher(config);
        try {
          const client = configuredRdapClient(config, db, fetcher);
          const answer = ipaddr.isValid(target.replace(/^\[(.*)\]$/, '$1')) ? await client.network(target) : await client.domain(target);
          console.log(JSON.stringify(answer, null, 2));
          if (!answer.found) process.exitCode = 1;
        } finally {
          await fetcher.close();
        }
      }),
    );
}
