import type { Locale } from '../config/config.js';
import { triageItem } from '../triage/triage.js';
import type { TestApp } from './app.js';
import { loopbackTriage, testPattern, startTestSite } from './captured-media.js';
import type { LoopbackServer } from './web-server.js';

/**
 * A day's worth of reports for the workbench's browser tests and screenshots:
 * many addresses on one host that differ only in their paths, one address
 * reported twice in different categories, reports in every language, all
 * triaged; and a gallery on a loopback site whose images triage captured.
 */
const REPORTS: { url: string; category: string; language: Locale }[] = [
  { url: 'https://test-illegal.example/galleries/2026/summer/beach/page-17.html', category: 'csam', language: 'nl' },
  { url: 'https://test-illegal.example/galleries/2026/summer/beach/page-18.html', category: 'csam', language: 'en' },
  { url: 'https://test-illegal.example/galleries/2026/summer/beach/page-17.html', category: 'child_nudity', language: 'ru' },
  { url: 'https://test-illegal.example/forum/thread/48213?page=3', category: 'grooming', language: 'cs' },
  { url: 'https://files.test-illegal.example/d/8f3kq2/archive.zip', category: 'csam', language: 'sv' },
  { url: 'https://test-illegal.example/videos/watch?v=aa81', category: 'ncii', language: 'kk' },
  { url: 'https://test-illegal.example/blog/2026/06/statement', category: 'terrorism', language: 'en' },
  { url: 'https://test-illegal.example/shop/item/5531', category: 'drugs', language: 'nl' },
  { url: 'https://test-illegal.example/comments/991', category: 'hate', language: 'sv' },
];

export const GALLERY_PATH = '/gallery/2026/summer/beach-17.html';

export interface WorkbenchData {
  /** Item ids by their address. */
  items: Map<string, string>;
  /** The item whose page showed images, now captured. */
  galleryItemId: string;
  galleryUrl: string;
  close(): Promise<void>;
}

export async function seedWorkbench(testApp: TestApp, options: { sitePort?: number } = {}): Promise<WorkbenchData> {
  const site: LoopbackServer = await startTestSite(
    {
      [GALLERY_PATH]: { type: 'text/html', body: Buffer.from('<img src="/img/one.png"><img src="/img/two.jpg"><img src="/img/three.png">') },
      '/img/one.png': { type: 'image/png', body: await testPattern(640, 480) },
      '/img/two.jpg': { type: 'image/jpeg', body: await testPattern(480, 640, 'jpeg') },
      '/img/three.png': { type: 'image/png', body: await testPattern(320, 320) },
    },
    options.sitePort,
  );
  const galleryUrl = `${site.origin}${GALLERY_PATH}`;
  for (const report of [...REPORTS, { url: galleryUrl, category: 'csam', language: 'nl' as const }]) {
    await testApp.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { urls: [report.url], category: report.category, language: report.language } });
  }
  const rows = await testApp.database.db.selectFrom('content_items').select(['id', 'normalized_url']).execute();
  const items = new Map(rows.map((row) => [row.normalized_url, row.id]));
  const triage = loopbackTriage(testApp.database, testApp.cipher, testApp.matcher);
  try {
    for (const id of items.values()) await triageItem(triage, id);
  } finally {
    await triage.fetcher.close();
  }
  return { items, galleryItemId: items.get(galleryUrl)!, galleryUrl, close: () => site.close() };
}
