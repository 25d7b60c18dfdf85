import type { Options } from 'nodemailer/lib/mailer';

/** Who a notice goes to and why: the host, a platform (DSA Art. 16), a CDN, a registrar, the police. */
export type NoticeKind = 'ntd' | 'dsa' | 'cdn' | 'registrar' | 'police';
export type NoticeStage = 'first' | 'reminder' | 'escalation';
export type NoticeLocale = 'en' | 'cs' | 'nl' | 'sv' | 'ru' | 'kk';

export interface NoticeEmailItem {
  /** The hotline's short item reference. */
  itemRef: string;
  /** The exact URL. */
  url: string;
  /** e.g. 'csam' */
  categoryId: string;
  /** Already in the notice's language. */
  categoryLabel: string;
  /** Why it is illegal: INTERPOL baseline, nationally illegal, or the text of another basis. */
  legalBasis: 'baseline' | 'national' | string;
  /** ICCAM-style fields as in src/domain/assessment.ts: ageGroup, contentType, siteType, commercial. */
  classification?: Record<string, string>;
  detectionMethod: 'human_review' | 'hash_match';
  hashes: { sha256: string; md5?: string; sha1?: string; pdq?: string }[];
  ip?: string;
  reportedAt: Date;
  assessedAt: Date;
}

export interface NoticeEmailInput {
  kind: NoticeKind;
  stage: NoticeStage;
  /** This notice's reference, in the subject. */
  reference: string;
  /** For reminders and escalations: the first notice. */
  firstReference?: string;
  locale: NoticeLocale;
  hotline: { name: string; email: string; address?: string; website?: string; country: string };
  recipient: { name?: string; email: string };
  deadline: Date;
  /** The provider's page (unguessable token) to confirm removal or dispute. */
  providerPageUrl: string;
  sentAt: Date;
  items: NoticeEmailItem[];
  /** DSA Art. 16(2)(c); not required for child sexual abuse offences. */
  notifier?: { name: string; email: string };
}

/**
 * One notice e-mail for one recipient and all its items: plain text and HTML
 * in the notice's language, with an X-ARF v4 report per URL. Never media.
 */
export function composeNoticeEmail(input: NoticeEmailInput): Options {
  throw new Error(`composeNoticeEmail: not built yet (${input.reference})`);
}
