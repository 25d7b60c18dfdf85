import type { Options } from 'nodemailer/lib/mailer';

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

/** What kind of failure a nodemailer error is. */
export function classifySmtpFailure(error: unknown): SmtpFailureKind {
  throw new Error(`classifySmtpFailure: not built yet (${String(error)})`);
}

/** A mailer for `smtp://host:port` or `smtps://user:pass@host:port` (nodemailer's URL form). */
export function createNoticeMailer(smtpUrl: string): NoticeMailer {
  throw new Error(`createNoticeMailer: not built yet (${smtpUrl.length})`);
}
