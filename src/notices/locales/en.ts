/**
 * The texts of notice e-mails, English being the reference: every other locale
 * has exactly these keys and the same {placeholders}. Providers' abuse desks
 * read them, so they are plain, exact and polite.
 */
export const en = {
  'subject.ntd': 'Illegal content on your network: request for removal',
  'subject.dsa': 'Notice of illegal content under Article 16 of the Digital Services Act',
  'subject.cdn': 'Illegal content served through your network: please pass this on to the origin host',
  'subject.registrar': 'Illegal content on a domain name registered through you',
  'subject.police': 'Referral of illegal content',
  'subject.upstream': 'Illegal content on a network you provide connectivity to',
  'subject.reminder': 'Reminder: {subject} (first notice {first})',
  'subject.escalation': 'Escalation: {subject} (first notice {first})',
  'greeting.named': 'Dear {name},',
  'greeting.team': 'Dear abuse team,',
  'intro.ntd':
    '{hotline}, the {country} hotline for reports of illegal content online, has found the content at the addresses below on your network. Our analysts have assessed it as illegal. Please remove it.',
  'intro.dsa':
    '{hotline}, the {country} hotline for reports of illegal content online, notifies you under Article 16 of Regulation (EU) 2022/2065 (Digital Services Act) of the illegal content at the addresses below on your service. Please remove it or disable access to it.',
  'intro.cdn':
    '{hotline}, the {country} hotline for reports of illegal content online, has found the illegal content at the addresses below served through your network. We cannot see the host behind your service. Please pass this notice on to your customer or to the origin host without delay, and tell us who hosts the content.',
  'intro.registrar':
    '{hotline}, the {country} hotline for reports of illegal content online, has found the illegal content at the addresses below on domain names registered through you. Please contact the holder of the domain name and act under your terms so that the content is removed.',
  'intro.police':
    '{hotline}, the {country} hotline for reports of illegal content online, refers to you the content at the addresses below, which our analysts have assessed as illegal.',
  'intro.upstream': '{hotline}, the {country} hotline for reports of illegal content online, has found the illegal content at the addresses below on a network to which you provide connectivity or address space. Its operator has not removed it despite our notices. Please contact your customer so that the content is removed.',
  'stage.reminder': 'This is a reminder of our notice {first}: the content below was still online when we last checked.',
  'stage.escalation': 'The content below is still online despite our notice {first}. We are escalating the matter and ask you to act now.',
  'notice.reference': 'Notice {reference}, sent {sent}',
  'deadline.removal': 'Please remove the content by {deadline}.',
  'deadline.cdn': 'The content should be removed by {deadline}.',
  'deadline.police': 'Please respond by {deadline}.',
  'page.provider': 'Please confirm the removal, or tell us why you disagree, on this page (no account needed):',
  'page.police': 'The page for this referral:',
  'noMedia': 'This notice contains no images or other content: only the addresses, and the hashes of the files so that you can find copies.',
  'xarf': 'A machine-readable copy of this notice is attached in X-ARF format, one report per address.',
  'xarf.some': 'A machine-readable copy in X-ARF format is attached for {count} of these {total} addresses, one report per address; X-ARF has no report type for the category of the others.',
  'items.heading': 'The content',
  'label.url': 'Address',
  'label.location': 'Exact electronic location (Art. 16(2)(b) DSA)',
  'label.explanation': 'Explanation of reasons (Art. 16(2)(a) DSA)',
  'label.reference': 'Our reference',
  'label.category': 'Category',
  'label.legalBasis': 'Why it is illegal',
  'label.ip': 'IP address',
  'label.assessment': 'Assessment',
  'label.reported': 'Reported',
  'label.assessed': 'Assessed',
  'label.hashes': 'Hashes of the files',
  'legal.baseline': 'It meets INTERPOL’s baseline criteria for child sexual abuse material, which make it illegal in practically every country.',
  'legal.national': 'It is illegal under the law of the hotline’s country ({country}).',
  'detection.human_review': 'Assessed by a trained analyst of the hotline.',
  'detection.hash_match': 'Matches the hash of material already assessed as illegal.',
  'dsa.heading': 'Notifier and statement (Art. 16(2)(c) and (d) DSA)',
  'dsa.notifier': 'This notice is submitted by {name}, {email}.',
  'dsa.notifierOmitted':
    'The name and e-mail address of the notifier are not given, as Article 16(2)(c) DSA allows for the offences referred to in Articles 3 to 7 of Directive 2011/93/EU.',
  'dsa.goodFaith': 'We confirm our bona fide belief that the information and allegations in this notice are accurate and complete.',
  'closing': 'For questions, reply to this e-mail or write to {email}.',
  'signature.heading': 'Sender',
} as const;

export type NoticeMessageKey = keyof typeof en;
export type NoticeMessages = Record<NoticeMessageKey, string>;
