import type { Command } from 'commander';

export type Register = (program: Command) => void;

/**
 * Every top-level command, with the module that defines it. Only the module
 * of the command being run is loaded, so that a command starts quickly.
 */
export const COMMANDS: Record<string, { description: string; load: () => Promise<Register> }> = {
  serve: { description: 'run the hotline (HTTP server and background jobs)', load: async () => (await import('./server/commands.js')).registerServeCommand },
  migrate: { description: 'bring the database schema up to date, then exit', load: async () => (await import('./server/commands.js')).registerMigrateCommand },
  user: { description: 'staff accounts', load: async () => (await import('./auth/cli.js')).registerUserCommands },
  token: { description: 'API tokens for staff integrations', load: async () => (await import('./auth/cli.js')).registerTokenCommands },
  audit: { description: 'the append-only, hash-chained audit trail', load: async () => (await import('./audit/cli.js')).registerAuditCommands },
  hash: {
    description: 'print MD5, SHA-1, SHA-256 and PDQ (with quality) of each file as one JSON line',
    load: async () => (await import('./hashing/cli.js')).registerHashCommand,
  },
  hashlist: {
    description: 'hash lists for triage and HashCheck, and the allow-list that overrides them',
    load: async () => (await import('./hashlists/cli.js')).registerHashListCommands,
  },
  provider: {
    description: 'the provider directory: hosting companies, platforms, CDNs and registrars, and their HashCheck keys',
    load: async () => (await import('./providers/cli.js')).registerProviderCommands,
  },
  rdap: { description: 'abuse contacts by RDAP: refresh the IANA bootstrap files, look up an address or domain', load: async () => (await import('./rdap/cli.js')).registerRdapCommands },
  match: {
    description: 'print a JSON line {"needle": i, "match": j, "distance": d} for every pair of PDQ hashes from the two files within the Hamming distance (i, j: 0-based line numbers)',
    load: async () => (await import('./matching/cli.js')).registerMatchCommand,
  },
  demo: { description: 'synthetic, benign demo data for trying the hotline and for benchmarks', load: async () => (await import('./demo/cli.js')).registerDemoCommands },
};

