import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Address, Options } from 'nodemailer/lib/mailer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message';
import { FEEDBACK_REPORT_TYPE } from './email.js';

export interface NoticeDelivery {
  messageId: string;
  accepted: string[];
  rejected: string[];
  /** The SMTP server's last answer, e.g. "250 OK: queued as …". */
  response: string;
}

export interface NoticeMailer {
  /** Sends once; the Message-ID comes from the idempotency key, so a re-send is recognisable. Throws NoticeSendError. */
  send(mail: Options, idempotencyKey: string): Promise<NoticeDelivery>;
  close(): void;
}

/** permanent: the server refused for good (5xx), sending again will not help; temporary: 4xx, refused or lost connections. */
export type SmtpFailureKind = 'permanent' | 'temporary';

export class NoticeSendError extends Error {
  constructor(
    message: string,
    readonly kind: SmtpFailureKind,
    readonly responseCode: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'NoticeSendError';
  }

  get permanent(): boolean {
    return this.kind === 'permanent';
  }
}

/** nodemailer's codes for failures that no later attempt can mend: the message or its recipients are wrong. */
const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

/**
 * What kind of failure a nodemailer error is. The server's reply decides
 * where there is one: 5xx is permanent, 4xx temporary. An authentication
 * failure is the hotline's own setting, not the message's fault, so it is
 * temporary: the notice goes out once the setting is mended. Without a reply
 * (refused, timed out, TLS or DNS trouble) it is temporary.
 */
export function classifySmtpFailure(error: unknown): SmtpFailureKind {
  const { responseCode, code } = (error ?? {}) as { responseCode?: unknown; code?: unknown };
  if (code === 'EAUTH') return 'temporary';
  if (typeof responseCode === 'number') return responseCode >= 500 ? 'permanent' : 'temporary';
  return typeof code === 'string' && PERMANENT_CODES.has(code) ? 'permanent' : 'temporary';
}

/**
 * A mailer for `smtp://host:port` or `smtps://user:pass@host:port`
 * (nodemailer's URL form; query parameters such as `?maxConnections=5` are
 * nodemailer's options). Connections are pooled and kept until close().
 */
export function createNoticeMailer(smtpUrl: string): NoticeMailer {
  const { protocol } = new URL(smtpUrl);
  if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new Error(`an SMTP URL starts with smtp:// or smtps://, not ${protocol}//`);
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  transport.use('stream', sendReportsAsMultipartReport);
  return {
    async send(mail, idempotencyKey) {
      try {
        const info = await transport.sendMail({ ...mail, messageId: messageIdFor(idempotencyKey, mail) });
        return { messageId: info.messageId, accepted: info.accepted.map(addressOf), rejected: info.rejected.map(addressOf), response: info.response };
      } catch (error) {
        const kind = classifySmtpFailure(error);
        const responseCode = (error as { responseCode?: number }).responseCode;
        throw new NoticeSendError(`${kind} failure: ${(error as Error).message}`, kind, responseCode, { cause: error });
      }
    },
    close: () => transport.close(),
  };
}

/**
 * nodemailer puts text, HTML and attachments in multipart/mixed. A message
 * with a feedback report is a report (RFC 6522): the same parts, in the same
 * order (human-readable first, the report second, the X-ARF JSON after), under
 * multipart/report.
 */
function sendReportsAsMultipartReport(mail: MailMessage, done: (error?: Error | null) => void): void {
  const attachments = mail.data.attachments ?? [];
  if (attachments.some((attachment) => attachment.contentType === FEEDBACK_REPORT_TYPE)) {
    mail.message.setHeader('Content-Type', 'multipart/report; report-type=feedback-report');
  }
  done();
}

/** The same key gives the same Message-ID, so the recipient's systems can tell a re-send from a new notice. */
function messageIdFor(idempotencyKey: string, mail: Options): string {
  const from = typeof mail.from === 'string' ? mail.from : Array.isArray(mail.from) ? '' : (mail.from?.address ?? '');
  const domain = from.slice(from.lastIndexOf('@') + 1).replace(/>$/, '') || 'localhost';
  return `<notice-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
}

function addressOf(address: string | Address): string {
  return typeof address === 'string' ? address : (address.address ?? '');
}
