import { readFile } from 'node:fs/promises';
import type { Locale } from '../config/config.js';
import type { Translate } from '../web/i18n/index.js';

/**
 * The hotline's statement on its independence and processes, as paragraphs:
 * the operator's own text (HOTLINE_STATEMENT_FILE, plain text, paragraphs
 * separated by a blank line; `{locale}` in the path picks the file of the
 * reader's language, falling back to English), else the shipped text.
 */
export async function hotlineStatement(options: { file: string | undefined; locale: Locale; t: Translate; hotlineName: string }): Promise<string[]> {
  const text = options.file ? await statementFile(options.file, options.locale) : options.t('reports.statement.default', { hotline: options.hotlineName });
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph !== '');
}

async function statementFile(pattern: string, locale: Locale): Promise<string> {
  if (!pattern.includes('{locale}')) return readFile(pattern, 'utf8');
  try {
    return await readFile(pattern.replaceAll('{locale}', locale), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || locale === 'en') throw error;
    return readFile(pattern.replaceAll('{locale}', 'en'), 'utf8');
  }
}
