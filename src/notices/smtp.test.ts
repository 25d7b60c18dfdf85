import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileHashes, noticeInput, noticeItem } from '../test-support/notices.js';
import { startSmtpServer, type LoopbackSmtpServer } from '../test-support/smtp-server.js';
import { xarfValidator } from '../test-support/xarf-schemas.js';
import { composeNoticeEmail, type NoticeLocale } from './email.js';
import { classifySmtpFailure, createNoticeMailer, NoticeSendError, type NoticeMailer } from './smtp.js';

// Compiled once, outside any test's time limit: the schemas are many.
const validate = xarfValidator();
let server: LoopbackSmtpServer;
let mailer: NoticeMailer;

beforeAll(async () => {
  server = await startSmtpServer();
  mailer = createNoticeMailer(server.url);
});

afterEach(() => {
  server.received.length = 0;
  server.refuseWith(undefined);
});

afterAll(async () => {
  mailer.close();
  await server.close();
});

const items = [
  noticeItem({ itemRef: 'IT-1', url: 'https://test-illegal.example/a/1.html', hashes: [fileHashes('one'), fileHashes('two')] }),
  noticeItem({ itemRef: 'IT-2', url: 'https://img.test-illegal.example/b?id=2&size=large', detectionMethod: 'hash_match' }),
  noticeItem({ itemRef: 'IT-3', url: 'http://203.0.113.99/c', legalBasis: 'national', ip: '203.0.113.99' }),
];

async function sendAndReceive(input = noticeInput({ items }), key = 'notice-1'): Promise<{ raw: string; parsed: ParsedMail }> {
  await mailer.send(composeNoticeEmail(input), key);
  const [mail] = server.received.splice(0);
  return { raw: mail!.raw.toString('utf8'), parsed: await simpleParser(mail!.raw) };
}

/** The content types of a multipart message's direct parts, in order. */
function topLevelParts(raw: string, boundary: string): string[] {
  const body = raw.slice(raw.indexOf('\r\n\r\n'));
  const parts = body.split(`--${boundary}`).slice(1, -1);
  return parts.map((part) => /^Content-Type:\s*([^;\r\n]+)/im.exec(part)?.[1] ?? 'text/plain');
}

describe('a notice sent to a real SMTP server', () => {
  it('arrives as one multipart/report message for all the recipient’s items: text and HTML, the feedback report, an X-ARF JSON per URL', async () => {
    const { raw, parsed } = await sendAndReceive();

    const contentType = parsed.headers.get('content-type') as { value: string; params: Record<string, string> };
    expect(contentType.value).toBe('multipart/report');
    expect(contentType.params['report-type']).toBe('feedback-report');
    expect(topLevelParts(raw, contentType.params.boundary!)).toEqual([
      'multipart/alternative',
      'message/feedback-report',
      'application/json',
      'application/json',
      'application/json',
    ]);
    expect(parsed.subject).toBe('[NTD-2026-000042] Illegal content on your network: request for removal');
    expect(parsed.from?.value).toEqual([{ name: 'Example Hotline', address: 'notices@hotline.example' }]);
    expect(parsed.to).toMatchObject({ value: [{ name: 'Host Example B.V.', address: 'abuse@host.example' }] });
    for (const item of items) {
      expect(parsed.text).toContain(item.url);
      expect(parsed.html).toContain(item.url.replace('&', '&amp;'));
      expect(parsed.text).toContain(item.itemRef);
    }
  });

  it('carries the feedback report of X-ARF’s e-mail binding and reports valid against the X-ARF v4 schemas, one per URL', async () => {
    const { parsed } = await sendAndReceive();
    const [feedback, ...json] = parsed.attachments;

    expect(feedback!.contentType).toBe('message/feedback-report');
    expect(feedback!.content.toString().split('\r\n')).toEqual(['Feedback-Type: xarf', 'User-Agent: OpenHotline', 'Version: 1', '']);
    expect(json.map((attachment) => [attachment.contentType, attachment.filename])).toEqual([
      ['application/json', 'xarf-1.json'],
      ['application/json', 'xarf-2.json'],
      ['application/json', 'xarf-3.json'],
    ]);
    const reports = json.map((attachment) => JSON.parse(attachment.content.toString('utf8')) as Record<string, unknown>);
    expect(reports.map(validate)).toEqual([[], [], []]);
    expect(reports.map((report) => [report.url, report.type])).toEqual([
      [items[0]!.url, 'csam'],
      [items[1]!.url, 'csam'],
      [items[2]!.url, 'csem'],
    ]);
  });

  it('names a single report xarf.json, as the binding has it', async () => {
    const { parsed } = await sendAndReceive(noticeInput());

    expect(parsed.attachments.map((attachment) => attachment.filename ?? attachment.contentType)).toEqual(['message/feedback-report', 'xarf.json']);
  });

  it('never carries media: no image, audio or video part and no image in the HTML', async () => {
    const { raw, parsed } = await sendAndReceive();

    expect(raw).not.toMatch(/Content-Type:\s*(image|video|audio)\//i);
    expect(parsed.html).not.toMatch(/<img|background=|url\(/i);
    expect(parsed.attachments.every((attachment) => ['message/feedback-report', 'application/json'].includes(attachment.contentType))).toBe(true);
  });

  it('goes out as a plain text and HTML message when no item has an X-ARF type', async () => {
    const hate = noticeItem({ categoryId: 'hate', categoryLabel: 'Hate speech and racism', legalBasis: 'national' });
    const { parsed } = await sendAndReceive(noticeInput({ items: [hate] }));

    expect((parsed.headers.get('content-type') as { value: string }).value).toBe('multipart/alternative');
    expect(parsed.attachments).toEqual([]);
    expect(parsed.text).toContain('Hate speech and racism');
  });

  it.each<NoticeLocale>(['en', 'cs', 'nl', 'sv', 'ru', 'kk'])('arrives readable in %s, in UTF-8, with the language marked', async (locale) => {
    const { parsed } = await sendAndReceive(noticeInput({ locale }));

    expect(parsed.headers.get('content-language')).toBe(locale);
    expect(parsed.subject).toBe(composeNoticeEmail(noticeInput({ locale })).subject);
    expect(parsed.text).toBe(composeNoticeEmail(noticeInput({ locale })).text);
    expect(parsed.html).toContain(`<html lang="${locale}">`);
  });

  it('has a Message-ID made from the idempotency key: a re-send of the notice has the same, another notice another', async () => {
    const first = await mailer.send(composeNoticeEmail(noticeInput()), 'notice-7');
    const again = await mailer.send(composeNoticeEmail(noticeInput()), 'notice-7');
    const other = await mailer.send(composeNoticeEmail(noticeInput()), 'notice-8');
    const received = await Promise.all(server.received.map((mail) => simpleParser(mail.raw)));

    expect(again.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
    expect(first.messageId).toMatch(/^<notice-[0-9a-f]{32}@hotline\.example>$/);
    expect(received.map((mail) => mail.messageId)).toEqual([first.messageId, again.messageId, other.messageId]);
  });

  it('returns the server’s answer and who it accepted', async () => {
    const delivery = await mailer.send(composeNoticeEmail(noticeInput()), 'notice-9');

    expect(delivery).toMatchObject({ accepted: ['abuse@host.example'], rejected: [] });
    expect(delivery.response).toMatch(/^250 /);
    expect(server.received[0]!.to).toEqual(['abuse@host.example']);
  });
});

describe('a failed send', () => {
  it('is temporary when the server answers 4xx', async () => {
    server.refuseWith(451);
    const failure = await mailer.send(composeNoticeEmail(noticeInput()), 'notice-10').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(NoticeSendError);
    expect(failure).toMatchObject({ kind: 'temporary', permanent: false, responseCode: 451 });
    expect(server.received).toEqual([]);
  });

  it('is permanent when the server answers 5xx', async () => {
    server.refuseWith(550);
    const failure = await mailer.send(composeNoticeEmail(noticeInput()), 'notice-11').catch((error: unknown) => error);

    expect(failure).toMatchObject({ kind: 'permanent', permanent: true, responseCode: 550 });
  });

  it('is temporary when the server is down, and the next send after it is back goes through', async () => {
    const port = await unusedPort();
    const down = createNoticeMailer(`smtp://127.0.0.1:${port}`);
    const failure = await down.send(composeNoticeEmail(noticeInput()), 'notice-12').catch((error: unknown) => error);
    down.close();

    expect(failure).toMatchObject({ kind: 'temporary', responseCode: undefined });
    expect((failure as Error).message).toMatch(/ECONNREFUSED|connect/i);
    await expect(mailer.send(composeNoticeEmail(noticeInput()), 'notice-12')).resolves.toMatchObject({ accepted: ['abuse@host.example'] });
  });
});

describe('classifySmtpFailure', () => {
  it('reads the server’s reply first, then nodemailer’s error code', () => {
    expect(classifySmtpFailure({ responseCode: 421, code: 'EENVELOPE' })).toBe('temporary');
    expect(classifySmtpFailure({ responseCode: 554, code: 'EMESSAGE' })).toBe('permanent');
    expect(classifySmtpFailure({ code: 'EENVELOPE' })).toBe('permanent');
    expect(classifySmtpFailure({ code: 'ETIMEDOUT' })).toBe('temporary');
    expect(classifySmtpFailure(new Error('anything else'))).toBe('temporary');
  });

  it('counts a refused login as temporary: the hotline’s setting is wrong, not the notice', () => {
    expect(classifySmtpFailure({ responseCode: 535, code: 'EAUTH' })).toBe('temporary');
  });
});

/** A loopback port nothing listens on. */
async function unusedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
