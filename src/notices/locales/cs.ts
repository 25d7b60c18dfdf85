import type { NoticeMessages } from './en.js';

export const cs: NoticeMessages = {
  'subject.ntd': 'Nelegální obsah ve vaší síti: žádost o odstranění',
  'subject.dsa': 'Oznámení nelegálního obsahu podle článku 16 aktu o digitálních službách',
  'subject.cdn': 'Nelegální obsah šířený přes vaši síť: předejte prosím oznámení zdrojovému hostiteli',
  'subject.registrar': 'Nelegální obsah na doménovém jménu registrovaném vaším prostřednictvím',
  'subject.police': 'Postoupení nelegálního obsahu',
  'subject.upstream': 'Nelegální obsah v síti, které poskytujete konektivitu',
  'subject.reminder': 'Upomínka: {subject} (první oznámení {first})',
  'subject.escalation': 'Eskalace: {subject} (první oznámení {first})',
  'greeting.named': 'Dobrý den, {name},',
  'greeting.team': 'Dobrý den,',
  'intro.ntd':
    '{hotline}, horká linka pro hlášení nelegálního obsahu na internetu v zemi {country}, nalezla obsah na níže uvedených adresách ve vaší síti. Naši analytici jej posoudili jako nelegální. Odstraňte jej prosím.',
  'intro.dsa':
    '{hotline}, horká linka pro hlášení nelegálního obsahu na internetu v zemi {country}, vám podle článku 16 nařízení (EU) 2022/2065 (akt o digitálních službách) oznamuje nelegální obsah na níže uvedených adresách ve vaší službě. Odstraňte jej prosím nebo k němu znemožněte přístup.',
  'intro.cdn':
    '{hotline}, horká linka pro hlášení nelegálního obsahu na internetu v zemi {country}, nalezla nelegální obsah na níže uvedených adresách, který je šířen přes vaši síť. Hostitele, který stojí za vaší službou, nevidíme. Předejte prosím toto oznámení neprodleně svému zákazníkovi nebo zdrojovému hostiteli a sdělte nám, kdo obsah hostuje.',
  'intro.registrar':
    '{hotline}, horká linka pro hlášení nelegálního obsahu na internetu v zemi {country}, nalezla nelegální obsah na níže uvedených adresách na doménových jménech registrovaných vaším prostřednictvím. Kontaktujte prosím držitele doménového jména a postupujte podle svých podmínek tak, aby byl obsah odstraněn.',
  'intro.police':
    '{hotline}, horká linka pro hlášení nelegálního obsahu na internetu v zemi {country}, vám postupuje obsah na níže uvedených adresách, který naši analytici posoudili jako nelegální.',
  'intro.upstream': '{hotline}, horká linka pro hlášení nelegálního obsahu na internetu v zemi {country}, nalezla nelegální obsah na níže uvedených adresách v síti, které poskytujete konektivitu nebo adresní prostor. Její provozovatel jej přes naše oznámení neodstranil. Kontaktujte prosím svého zákazníka, aby byl obsah odstraněn.',
  'stage.reminder': 'Toto je upomínka k našemu oznámení {first}: níže uvedený obsah byl při naší poslední kontrole stále dostupný.',
  'stage.escalation': 'Níže uvedený obsah je i přes naše oznámení {first} stále dostupný. Věc eskalujeme a žádáme vás, abyste jednali hned.',
  'notice.reference': 'Oznámení {reference}, odesláno {sent}',
  'deadline.removal': 'Odstraňte prosím obsah do {deadline}.',
  'deadline.cdn': 'Obsah by měl být odstraněn do {deadline}.',
  'deadline.police': 'Odpovězte prosím do {deadline}.',
  'page.provider': 'Odstranění prosím potvrďte, nebo nám sdělte, proč nesouhlasíte, na této stránce (účet není potřeba):',
  'page.police': 'Stránka tohoto postoupení:',
  'noMedia': 'Toto oznámení neobsahuje žádné obrázky ani jiný obsah: pouze adresy a otisky (hashe) souborů, podle kterých najdete jejich kopie.',
  'xarf': 'Strojově čitelná kopie tohoto oznámení je přiložena ve formátu X-ARF, jedna zpráva pro každou adresu.',
  'items.heading': 'Obsah',
  'label.url': 'Adresa',
  'label.location': 'Přesné elektronické umístění (čl. 16 odst. 2 písm. b) DSA)',
  'label.explanation': 'Odůvodnění (čl. 16 odst. 2 písm. a) DSA)',
  'label.reference': 'Naše značka',
  'label.category': 'Kategorie',
  'label.legalBasis': 'Proč je nelegální',
  'label.ip': 'IP adresa',
  'label.assessment': 'Posouzení',
  'label.reported': 'Nahlášeno',
  'label.assessed': 'Posouzeno',
  'label.hashes': 'Otisky (hashe) souborů',
  'legal.baseline':
    'Splňuje základní kritéria INTERPOLu (baseline) pro materiály zobrazující sexuální zneužívání dětí, podle nichž je nelegální prakticky ve všech zemích.',
  'legal.national': 'Je nelegální podle práva země {country}.',
  'detection.human_review': 'Posoudil vyškolený analytik horké linky.',
  'detection.hash_match': 'Shoduje se s otiskem materiálu, který již byl posouzen jako nelegální.',
  'dsa.heading': 'Oznamovatel a prohlášení (čl. 16 odst. 2 písm. c) a d) DSA)',
  'dsa.notifier': 'Toto oznámení podává {name}, {email}.',
  'dsa.notifierOmitted':
    'Jméno a e-mailová adresa oznamovatele nejsou uvedeny, jak to čl. 16 odst. 2 písm. c) DSA umožňuje u trestných činů uvedených v článcích 3 až 7 směrnice 2011/93/EU.',
  'dsa.goodFaith': 'Prohlašujeme, že jsme v dobré víře přesvědčeni, že informace a tvrzení obsažené v tomto oznámení jsou přesné a úplné.',
  'closing': 'S dotazy odpovězte na tento e-mail nebo pište na {email}.',
  'signature.heading': 'Odesílatel',
};
