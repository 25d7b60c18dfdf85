import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SafeFetcher } from '../outbound/safe-fetch.js';
import { BOOTSTRAP_FILES, BootstrapError, parseBootstrap, type BootstrapFile } from './bootstrap.js';

/** Where IANA publishes the RDAP bootstrap registries (RFC 9224). */
export const IANA_BOOTSTRAP_URL = 'https://data.iana.org/rdap/';

/** The folder in DATA_DIR that `rdap refresh` writes to. */
export function refreshedBootstrapDir(dataDir: string): string {
  return path.join(dataDir, 'rdap-bootstrap');
}

export interface RefreshedFile {
  file: BootstrapFile;
  publication: string;
  services: number;
}

/**
 * Downloads the four bootstrap files and replaces the folder's copies, each
 * file only after all four were fetched and found well-formed, so a failed
 * refresh leaves the previous set in place.
 */
export async function refreshBootstrap(fetcher: SafeFetcher, intoDir: string, sourceUrl = IANA_BOOTSTRAP_URL): Promise<RefreshedFile[]> {
  const downloads = await Promise.all(BOOTSTRAP_FILES.map((file) => download(fetcher, new URL(file, sourceUrl).href, file)));
  await mkdir(intoDir, { recursive: true });
  for (const { file, text } of downloads) {
    const target = path.join(intoDir, file);
    await writeFile(`${target}.download`, text);
    await rename(`${target}.download`, target);
  }
  return downloads.map(({ file, registry }) => ({ file, publication: registry.publication, services: registry.services.length }));
}

async function download(fetcher: SafeFetcher, url: string, file: BootstrapFile) {
  const outcome = await fetcher.fetch(url);
  if (!outcome.ok) throw new BootstrapError(`${url}: ${outcome.message}`);
  if (outcome.status !== 200) throw new BootstrapError(`${url} answered HTTP ${outcome.status}`);
  const text = outcome.body.toString('utf8');
  return { file, text, registry: parseBootstrap(text, url) };
}
