import type { Attachment, Options } from 'nodemailer/lib/mailer';
import { utcMinute } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { NOTICE_CATALOGUES, type NoticeMessageKey } from './locales/index.js';
import { xarfReports, type XarfReport } from './xarf.js';

/** Who a notice goes to and why: the host, a platform (DSA Art. 16), a CDN, a registrar, the police. */
export type NoticeKind = 'ntd' | 'dsa' | 'cdn' | 'registrar' | 'police' | 'upstream';
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

/** The content type of the part that makes a notice e-mail an X-ARF report (RFC 5965, `Feedback-Type: xarf`). */
export const FEEDBACK_REPORT_TYPE = 'message/feedback-report';

/**
 * Categories whose offences are those of Articles 3 to 7 of Directive
 * 2011/93/EU, for which Art. 16(2)(c) DSA lets a notice leave out the notifier.
 */
const CHILD_SEXUAL_ABUSE_CATEGORIES = new Set(['csam', 'child_nudity', 'grooming']);

/**
 * One notice e-mail for one recipient and all its items: plain text and HTML
 * in the notice's language, and an X-ARF v4 report per URL whose category X-ARF
 * has a type for, carried as X-ARF's e-mail binding says (a
 * `message/feedback-report` part with `Feedback-Type: xarf`, then the JSON as
 * `application/json` attachments); the mailer sends such a message as
 * `multipart/report`. Never media: addresses, hashes and references only.
 */
export function composeNoticeEmail(input: NoticeEmailInput): Options {
  if (input.items.length === 0) throw new Error(`notice ${input.reference} has no items`);
  const reports = xarfReports(input);
  const notice = noticeDocument(input, reports.length);
  return {
    from: { name: input.hotline.name, address: input.hotline.email },
    to: input.recipient.name ? { name: input.recipient.name, address: input.recipient.email } : input.recipient.email,
    subject: notice.subject,
    date: input.sentAt,
    headers: { 'Content-Language': input.locale },
    text: noticeText(notice),
    html: noticeHtml(notice).text,
    attachments: reports.length > 0 ? xarfParts(reports) : [],
  };
}

/** What a notice says, once, for both the plain-text and the HTML part. */
interface NoticeDocument {
  locale: NoticeLocale;
  subject: string;
  heading: string;
  opening: string[];
  itemsHeading: string;
  items: Fact[][];
  dsa: { heading: string; paragraphs: string[] } | undefined;
  deadline: string;
  page: { lead: string; url: string };
  closing: string[];
  signatureHeading: string;
  signature: string[];
}

/** One line of an item: a label and its values; literal values (addresses, hashes, references) are shown as code. */
interface Fact {
  label: string;
  values: string[];
  literal: boolean;
}

type Translate = (key: NoticeMessageKey, values?: Record<string, string>) => string;

function translator(locale: NoticeLocale): Translate {
  const messages = NOTICE_CATALOGUES[locale];
  return (key, values = {}) => messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function noticeDocument(input: NoticeEmailInput, xarfReportCount: number): NoticeDocument {
  const t = translator(input.locale);
  const country = new Intl.DisplayNames([input.locale], { type: 'region' }).of(input.hotline.country) ?? input.hotline.country;
  const heading = t(`subject.${input.kind}`);
  const first = input.firstReference;
  if (input.stage !== 'first' && !first) throw new Error(`${input.stage} ${input.reference} needs the first notice's reference`);
  const staged = input.stage === 'first' ? heading : t(`subject.${input.stage}`, { subject: heading, first: first! });
  return {
    locale: input.locale,
    subject: `[${input.reference}] ${staged}`,
    heading,
    opening: [
      input.recipient.name ? t('greeting.named', { name: input.recipient.name }) : t('greeting.team'),
      t(`intro.${input.kind}`, { hotline: input.hotline.name, country }),
      ...(input.stage === 'first' ? [] : [t(`stage.${input.stage}`, { first: first! })]),
      t('notice.reference', { reference: input.reference, sent: utcMinute(input.sentAt) }),
    ],
    itemsHeading: t('items.heading'),
    items: input.items.map((item) => itemFacts(input.kind, item, country, t)),
    dsa: input.kind === 'dsa' ? dsaElements(input, t) : undefined,
    deadline: t(DEADLINES[input.kind], { deadline: utcMinute(input.deadline) }),
    page: { lead: t(input.kind === 'police' ? 'page.police' : 'page.provider'), url: input.providerPageUrl },
    closing: [t('noMedia'), ...xarfNote(xarfReportCount, input.items.length, t), t('closing', { email: input.hotline.email })],
    signatureHeading: t('signature.heading'),
    signature: [input.hotline.name, input.hotline.address, input.hotline.website, input.hotline.email].filter((line): line is string => !!line),
  };
}

const DEADLINES: Record<NoticeKind, NoticeMessageKey> = {
  ntd: 'deadline.removal',
  dsa: 'deadline.removal',
  registrar: 'deadline.removal',
  cdn: 'deadline.cdn',
  police: 'deadline.police',
  upstream: 'deadline.removal',
};

/** An item's facts; a DSA notice names the Art. 16(2)(a) and (b) elements as such. */
function itemFacts(kind: NoticeKind, item: NoticeEmailItem, country: string, t: Translate): Fact[] {
  const literal = (label: NoticeMessageKey, ...values: string[]): Fact => ({ label: t(label), values, literal: true });
  const prose = (label: NoticeMessageKey, value: string): Fact => ({ label: t(label), values: [value], literal: false });
  const legal = item.legalBasis === 'baseline' ? t('legal.baseline') : item.legalBasis === 'national' ? t('legal.national', { country }) : item.legalBasis;
  const detection = t(`detection.${item.detectionMethod}`);
  const what =
    kind === 'dsa'
      ? [literal('label.location', item.url), prose('label.explanation', `${item.categoryLabel}. ${legal} ${detection}`)]
      : [literal('label.url', item.url), prose('label.category', item.categoryLabel), prose('label.legalBasis', legal), prose('label.assessment', detection)];
  return [
    ...what,
    literal('label.reference', item.itemRef),
    ...(item.ip ? [literal('label.ip', item.ip)] : []),
    prose('label.reported', utcMinute(item.reportedAt)),
    prose('label.assessed', utcMinute(item.assessedAt)),
    ...(item.hashes.length > 0 ? [literal('label.hashes', ...item.hashes.map(hashLine))] : []),
  ];
}

function hashLine(hash: NoticeEmailItem['hashes'][number]): string {
  const named: [string, string | undefined][] = [['SHA-256', hash.sha256], ['MD5', hash.md5], ['SHA-1', hash.sha1], ['PDQ', hash.pdq]];
  return named.flatMap(([name, value]) => (value ? [`${name} ${value}`] : [])).join('; ');
}

/** Art. 16(2)(c) and (d): who notifies (left out where every item is a child sexual abuse offence) and the good-faith statement. */
function dsaElements(input: NoticeEmailInput, t: Translate): NoticeDocument['dsa'] {
  const omitNotifier = input.items.every((item) => CHILD_SEXUAL_ABUSE_CATEGORIES.has(item.categoryId));
  const notifier = input.notifier ?? { name: input.hotline.name, email: input.hotline.email };
  return {
    heading: t('dsa.heading'),
    paragraphs: [omitNotifier ? t('dsa.notifierOmitted') : t('dsa.notifier', notifier), t('dsa.goodFaith')],
  };
}

function noticeText(notice: NoticeDocument): string {
  const items = notice.items.map((facts, index) =>
    [`${index + 1}.`, ...facts.map(({ label, values }) => (values.length === 1 ? `   ${label}: ${values[0]}` : [`   ${label}:`, ...values.map((value) => `     ${value}`)].join('\n')))].join('\n'),
  );
  const dsa = notice.dsa ? [notice.dsa.heading, ...notice.dsa.paragraphs] : [];
  return [
    ...notice.opening,
    `${notice.itemsHeading}\n\n${items.join('\n\n')}`,
    ...dsa,
    notice.deadline,
    `${notice.page.lead}\n${notice.page.url}`,
    ...notice.closing,
    `-- \n${notice.signatureHeading}:\n${notice.signature.join('\n')}`,
  ].join('\n\n') + '\n';
}

/** Plain HTML without images, styles or scripts; the reported URLs are text, never links, so no one opens them by a slip. */
function noticeHtml(notice: NoticeDocument): Html {
  const paragraphs = (texts: string[]) => texts.map((text) => html`<p>${text}</p>`);
  const items = notice.items.map(
    (facts) =>
      html`<li><dl>${facts.map(({ label, values, literal }) => html`<dt>${label}</dt>${values.map((value) => html`<dd>${literal ? html`<code>${value}</code>` : value}</dd>`)}`)}</dl></li>`,
  );
  return html`<!doctype html>
<html lang="${notice.locale}"><head><meta charset="utf-8"><title>${notice.subject}</title></head><body>
<h1>${notice.heading}</h1>
${paragraphs(notice.opening)}
<h2>${notice.itemsHeading}</h2>
<ol>${items}</ol>
${notice.dsa ? html`<h2>${notice.dsa.heading}</h2>${paragraphs(notice.dsa.paragraphs)}` : ''}
<p><strong>${notice.deadline}</strong></p>
<p>${notice.page.lead}<br><a href="${notice.page.url}">${notice.page.url}</a></p>
${paragraphs(notice.closing)}
<h2>${notice.signatureHeading}</h2>
<address>${notice.signature.map((line, index) => html`${index > 0 ? html`<br>` : ''}${line}`)}</address>
</body></html>
`;
}

/** What the e-mail says of its X-ARF part: nothing when it has none, which addresses it covers when not all. */
function xarfNote(reports: number, items: number, t: Translate): string[] {
  if (reports === 0) return [];
  return [reports === items ? t('xarf') : t('xarf.some', { count: String(reports), total: String(items) })];
}

/** The X-ARF e-mail binding's machine-readable parts: the feedback report, then one JSON file per report. */
function xarfParts(reports: XarfReport[]): Attachment[] {
  return [
    { contentType: FEEDBACK_REPORT_TYPE, contentDisposition: 'inline', content: 'Feedback-Type: xarf\r\nUser-Agent: OpenHotline\r\nVersion: 1\r\n' },
    ...reports.map((report, index) => ({
      filename: reports.length === 1 ? 'xarf.json' : `xarf-${index + 1}.json`,
      contentType: 'application/json',
      content: JSON.stringify(report, null, 2),
    })),
  ];
}
