import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { withCliDatabase } from '../server/cli-database.js';
import { RealReportsPresent, seedDemoData } from './seed.js';

interface SeedCommandOptions {
  items: number;
  days: number;
  force?: boolean;
}

function positiveWhole(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return value;
}

/** `demo seed`: synthetic items for trying the workbench and the dashboard, and for benchmarks. */
export function registerDemoCommands(program: Command): void {
  const demo = program.command('demo').description('synthetic, benign demo data');
  demo
    .command('seed')
    .description('fill an empty database with demo items, assessments, notices, removals and monitoring (refuses real reports unless --force)')
    .requiredOption('--items <count>', 'how many items (one report each)', positiveWhole)
    .option('--days <count>', 'spread the reports over this many days up to now', positiveWhole, 365)
    .option('--force', 'seed even though the database holds reports not made by the seed')
    .action((options: SeedCommandOptions) =>
      withCliDatabase(
        'demo seed',
        async (db) => {
          const started = performance.now();
          const outcome = await seedDemoData(db, {
            items: options.items,
            days: options.days,
            force: options.force ?? false,
            hotlineCountry: loadConfig().hotlineCountry,
            onProgress: (seeded, total) => process.stderr.write(`demo seed: ${seeded} / ${total} items\n`),
          });
          const seconds = (performance.now() - started) / 1000;
          console.log(
            `seeded ${outcome.items} items, ${outcome.checks} monitor checks and ${outcome.providers} providers in ${seconds.toFixed(1)} s ` +
              `(${Math.round(outcome.items / seconds)} items/s)`,
          );
        },
        { inputErrors: [RealReportsPresent], audited: { ...options } },
      ),
    );
}
