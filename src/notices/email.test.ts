import { describe, expect, it } from 'vitest';
import { noticeInput, noticeItem } from '../test-support/notices.js';
import { composeNoticeEmail, type NoticeKind, type NoticeLocale, type NoticeStage } from './email.js';
import { NOTICE_CATALOGUES } from './locales/index.js';

const LOCALES: NoticeLocale[] = ['en', 'cs', 'nl', 'sv', 'ru', 'kk'];
const KINDS: NoticeKind[] = ['ntd', 'dsa', 'cdn', 'registrar', 'police', 'upstream'];
const english = NOTICE_CATALOGUES.en;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

const hate = noticeItem({ itemRef: 'IT-H1', url: 'https://forum.test-illegal.example/t/9', categoryId: 'hate', categoryLabel: 'Hate speech and racism', legalBasis: 'national' });

describe('the notice catalogues', () => {
  it.each(LOCALES)('%s has every key of English, the same placeholders and no empty text', (locale) => {
    const messages = NOTICE_CATALOGUES[locale];

    expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(messages)) {
      expect(text.trim(), `${locale} ${key}`).not.toBe('');
      expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(english[key as keyof typeof english]));
    }
  });

  it.each(LOCALES)('%s renders every kind and stage with no placeholder left', (locale) => {
    for (const kind of KINDS) {
      for (const stage of ['first', 'reminder', 'escalation'] as NoticeStage[]) {
        const mail = composeNoticeEmail(noticeInput({ locale, kind, stage, firstReference: 'NTD-2026-000001', items: [noticeItem(), hate] }));
        const texts = [mail.subject, mail.text, mail.html].map(String);

        for (const text of texts) expect(text, `${locale} ${kind} ${stage}`).not.toMatch(/\{\w+\}|undefined/);
      }
    }
  });

  it('are real translations, not English', () => {
    const subjects = LOCALES.map((locale) => composeNoticeEmail(noticeInput({ locale })).subject);

    expect(new Set(subjects).size).toBe(6);
  });
});

describe('a notice e-mail', () => {
  it('names the exact URLs, the category, why it is illegal, the hotline, the reference, the deadline and the provider’s page', () => {
    const input = noticeInput({ items: [noticeItem(), hate] });
    const mail = composeNoticeEmail(input);

    for (const body of [String(mail.text), String(mail.html)]) {
      expect(body).toContain('https://test-illegal.example/gallery/page-1.html');
      expect(body).toContain('https://forum.test-illegal.example/t/9');
      expect(body).toContain('Child sexual abuse material');
      expect(body).toContain('Hate speech and racism');
      expect(body).toContain('INTERPOL’s baseline criteria');
      expect(body).toContain('illegal under the law of the hotline’s country (Netherlands)');
      expect(body).toContain('Notice NTD-2026-000042, sent 2026-05-04 10:00 UTC');
      expect(body).toContain('IT-7QK2');
      expect(body).toContain('Please remove the content by 2026-05-05 10:00 UTC.');
      expect(body).toContain('https://hotline.example/provider/notices/k3J9x2mQ8vR4tY7wZ1pL');
      for (const identity of ['Example Hotline', 'Keizersgracht 1, 1015 AA Amsterdam', 'https://hotline.example', 'notices@hotline.example']) {
        expect(body).toContain(identity);
      }
    }
    expect(mail.from).toEqual({ name: 'Example Hotline', address: 'notices@hotline.example' });
    expect(mail.to).toEqual({ name: 'Host Example B.V.', address: 'abuse@host.example' });
  });

  it('says which addresses its X-ARF part covers when X-ARF has no type for some of their categories, and says nothing of X-ARF when it has none', () => {
    const mixed = composeNoticeEmail(noticeInput({ items: [noticeItem(), hate] }));
    expect(mixed.attachments).toHaveLength(2);
    expect(mixed.text).toContain('attached for 1 of these 2 addresses');
    expect(mixed.text).not.toContain('one report per address.');

    const without = composeNoticeEmail(noticeInput({ items: [hate] }));
    expect(without.attachments).toEqual([]);
    expect(`${String(without.text)} ${String(without.html)}`).not.toContain('X-ARF');

    expect(composeNoticeEmail(noticeInput()).text).toContain('attached in X-ARF format, one report per address.');
  });

  it('gives a legal basis other than baseline or national in the hotline’s own words', () => {
    const mail = composeNoticeEmail(noticeInput({ items: [noticeItem({ legalBasis: 'Article 240b of the Criminal Code' })] }));

    expect(mail.text).toContain('Why it is illegal: Article 240b of the Criminal Code');
  });

  it('has its own reference in the subject; reminders and escalations say so and refer to the first notice', () => {
    const subject = (stage: NoticeStage) => composeNoticeEmail(noticeInput({ stage, reference: 'NTD-2026-000050', firstReference: 'NTD-2026-000042' })).subject;

    expect(subject('first')).toBe('[NTD-2026-000050] Illegal content on your network: request for removal');
    expect(subject('reminder')).toBe('[NTD-2026-000050] Reminder: Illegal content on your network: request for removal (first notice NTD-2026-000042)');
    expect(subject('escalation')).toBe('[NTD-2026-000050] Escalation: Illegal content on your network: request for removal (first notice NTD-2026-000042)');
    expect(composeNoticeEmail(noticeInput({ stage: 'reminder', firstReference: 'NTD-2026-000042' })).text).toContain(
      'This is a reminder of our notice NTD-2026-000042',
    );
  });

  it('refuses a reminder that does not say which notice it follows, and a notice without items', () => {
    expect(() => composeNoticeEmail(noticeInput({ stage: 'reminder' }))).toThrow(/first notice/);
    expect(() => composeNoticeEmail(noticeInput({ items: [] }))).toThrow(/no items/);
  });

  it('is addressed by the kind: a CDN is asked to pass it on, a registrar to act on the domain, the police get a referral', () => {
    const text = (kind: NoticeKind) => String(composeNoticeEmail(noticeInput({ kind })).text);

    expect(text('cdn')).toContain('Please pass this notice on to your customer or to the origin host');
    expect(text('registrar')).toContain('Please contact the holder of the domain name');
    expect(text('upstream')).toContain('on a network to which you provide connectivity or address space');
    expect(text('police')).toContain('refers to you the content at the addresses below');
    expect(text('police')).toContain('Please respond by 2026-05-05 10:00 UTC.');
    expect(text('police')).toContain('The page for this referral:');
    expect(composeNoticeEmail(noticeInput({ kind: 'police' })).subject).toBe('[NTD-2026-000042] Referral of illegal content');
  });

  it('shows reported URLs as text, never as links, and escapes them; only the provider’s page is a link', () => {
    const sneaky = noticeItem({ url: 'https://test-illegal.example/x?a=1&b=<script>' });
    const html = String(composeNoticeEmail(noticeInput({ items: [sneaky] })).html);

    expect(html).toContain('<code>https://test-illegal.example/x?a=1&amp;b=&lt;script&gt;</code>');
    expect(html).not.toContain('<script>');
    expect([...html.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1])).toEqual(['https://hotline.example/provider/notices/k3J9x2mQ8vR4tY7wZ1pL']);
    expect(html).not.toMatch(/<img|<style|style=|<script/i);
  });
});

describe('a DSA Art. 16 notice', () => {
  const dsa = (items = [noticeItem(), hate], notifier?: { name: string; email: string }) =>
    String(composeNoticeEmail(noticeInput({ kind: 'dsa', items, ...(notifier ? { notifier } : {}) })).text);

  it('has the Art. 16(2) elements: explanation of reasons, exact location, notifier and good-faith statement', () => {
    const text = dsa(undefined, { name: 'A. Analyst', email: 'analyst@hotline.example' });

    expect(text).toContain('notifies you under Article 16 of Regulation (EU) 2022/2065 (Digital Services Act)');
    expect(text).toContain('Exact electronic location (Art. 16(2)(b) DSA): https://test-illegal.example/gallery/page-1.html');
    expect(text).toContain('Exact electronic location (Art. 16(2)(b) DSA): https://forum.test-illegal.example/t/9');
    expect(text).toContain(
      'Explanation of reasons (Art. 16(2)(a) DSA): Hate speech and racism. It is illegal under the law of the hotline’s country (Netherlands). Assessed by a trained analyst of the hotline.',
    );
    expect(text).toContain('This notice is submitted by A. Analyst, analyst@hotline.example.');
    expect(text).toContain('We confirm our bona fide belief that the information and allegations in this notice are accurate and complete.');
  });

  it('names the hotline as notifier when no person is given', () => {
    expect(dsa()).toContain('This notice is submitted by Example Hotline, notices@hotline.example.');
  });

  it('leaves out the notifier when every item is a child sexual abuse offence, and says why', () => {
    const items = [noticeItem(), noticeItem({ categoryId: 'grooming', legalBasis: 'national' }), noticeItem({ categoryId: 'child_nudity', legalBasis: 'national' })];
    const text = dsa(items, { name: 'A. Analyst', email: 'analyst@hotline.example' });

    expect(text).not.toContain('A. Analyst');
    expect(text).not.toContain('analyst@hotline.example');
    expect(text).toContain('offences referred to in Articles 3 to 7 of Directive 2011/93/EU');
    expect(text).toContain('bona fide belief');
  });

  it('is the only kind that carries the DSA elements', () => {
    for (const kind of KINDS.filter((other) => other !== 'dsa')) {
      expect(String(composeNoticeEmail(noticeInput({ kind })).text)).not.toMatch(/DSA|bona fide/);
    }
  });
});
