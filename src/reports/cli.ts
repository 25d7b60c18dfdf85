import { InvalidArgumentError, Option, type Command } from 'commander';
import { isLocale, loadConfig, LOCALES, type Locale } from '../config/config.js';
import { loadCategories } from '../server/serve.js';
import { withCliDatabase } from '../server/cli-database.js';
import { FIRST_YEAR, LAST_YEAR } from './annual.js';
import { ANNUAL_FORMATS, annualReportFile, type AnnualFormat } from './annual-document.js';
import { inhopeCsv, inhopeStatistics } from './inhope.js';
import { parseDay, parseYear } from './period.js';

function year(text: string): number {
  const value = parseYear(text);
  if (value === undefined) throw new InvalidArgumentError(`expected a year from ${FIRST_YEAR} to ${LAST_YEAR}`);
  return value;
}

function day(text: string): Date {
  const value = parseDay(text);
  if (!value) throw new InvalidArgumentError('expected a day such as 2026-01-01');
  return value;
}

function language(text: string): Locale {
  if (!isLocale(text)) throw new InvalidArgumentError(`expected one of ${LOCALES.join(', ')}`);
  return text;
}

/** Writes a whole file to stdout as bytes, so that a PDF redirected to a file stays intact. */
function writeOut(bytes: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(bytes, (error) => (error ? reject(error) : resolve())));
}

/** `report annual` and `report inhope`: the yearly trusted-flagger report and the INHOPE statistics, on stdout. */
export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('the trusted-flagger annual report and statistics exports, written to stdout');
  report
    .command('annual')
    .description('the DSA Art. 22(3) trusted-flagger report of a year: notices by provider, by type of content and the action taken')
    .requiredOption('--year <year>', 'the calendar year (UTC)', year)
    .addOption(new Option('--format <format>', 'the file format').choices(ANNUAL_FORMATS).default('pdf'))
    .option('--lang <locale>', `language of the HTML and PDF: ${LOCALES.join(', ')} (default DEFAULT_LOCALE)`, language)
    .action((options: { year: number; format: AnnualFormat; lang?: Locale }) =>
      withCliDatabase(
        'report annual',
        async (db) => {
          const config = loadConfig();
          const settings = { reports: config.reports, hotlineName: config.takedown.hotlineName, categories: await loadCategories(config) };
          await writeOut(await annualReportFile(db, options.year, options.format, options.lang ?? config.defaultLocale, settings));
        },
        { audited: { ...options } },
      ),
    );
  report
    .command('inhope')
    .description('INHOPE-style statistics of items assessed in [from, to): outcomes, classification, hosting country, notice-and-takedown times')
    .requiredOption('--from <day>', 'first day, e.g. 2026-01-01', day)
    .requiredOption('--to <day>', 'the day after the last, e.g. 2027-01-01', day)
    .addOption(new Option('--format <format>', 'the file format').choices(['csv', 'json']).default('csv'))
    .action((options: { from: Date; to: Date; format: 'csv' | 'json' }) =>
      withCliDatabase(
        'report inhope',
        async (db) => {
          if (options.from >= options.to) throw new InvalidArgumentError('--from must come before --to');
          const statistics = await inhopeStatistics(db, options.from, options.to);
          await writeOut(options.format === 'json' ? `${JSON.stringify(statistics, null, 2)}\n` : inhopeCsv(statistics));
        },
        { inputErrors: [InvalidArgumentError], audited: { ...options } },
      ),
    );
}
