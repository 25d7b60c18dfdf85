import { createHash } from 'node:crypto';
import type { NoticeEmailInput, NoticeEmailItem } from '../notices/email.js';

const hex = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');

/** Hashes of a made-up file: hashes only, as notices carry them, never content. */
export function fileHashes(name: string): NoticeEmailItem['hashes'][number] {
  return { sha256: hex('sha256', name), md5: hex('md5', name), sha1: hex('sha1', name), pdq: hex('sha256', `pdq ${name}`) };
}

/** An illegal item on a neutral placeholder address. */
export function noticeItem(overrides: Partial<NoticeEmailItem> = {}): NoticeEmailItem {
  return {
    itemRef: 'IT-7QK2',
    url: 'https://test-illegal.example/gallery/page-1.html',
    categoryId: 'csam',
    categoryLabel: 'Child sexual abuse material',
    legalBasis: 'baseline',
    classification: { ageGroup: 'pre_pubescent', contentType: 'image', siteType: 'image_host', commercial: 'false' },
    detectionMethod: 'human_review',
    hashes: [fileHashes('photo-1')],
    ip: '203.0.113.10',
    reportedAt: new Date('2026-05-04T08:15:00Z'),
    assessedAt: new Date('2026-05-04T09:30:00Z'),
    ...overrides,
  };
}

/** A first notice-and-takedown notice in English with one item. */
export function noticeInput(overrides: Partial<NoticeEmailInput> = {}): NoticeEmailInput {
  return {
    kind: 'ntd',
    stage: 'first',
    reference: 'NTD-2026-000042',
    locale: 'en',
    hotline: {
      name: 'Example Hotline',
      email: 'notices@hotline.example',
      address: 'Keizersgracht 1, 1015 AA Amsterdam',
      website: 'https://hotline.example',
      country: 'NL',
    },
    recipient: { name: 'Host Example B.V.', email: 'abuse@host.example' },
    deadline: new Date('2026-05-05T10:00:00Z'),
    providerPageUrl: 'https://hotline.example/provider/notices/k3J9x2mQ8vR4tY7wZ1pL',
    sentAt: new Date('2026-05-04T10:00:00Z'),
    items: [noticeItem()],
    ...overrides,
  };
}
