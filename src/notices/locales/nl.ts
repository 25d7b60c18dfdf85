import type { NoticeMessages } from './en.js';

export const nl: NoticeMessages = {
  'subject.ntd': 'Illegale content op uw netwerk: verzoek tot verwijdering',
  'subject.dsa': 'Melding van illegale inhoud op grond van artikel 16 van de digitaledienstenverordening',
  'subject.cdn': 'Illegale content via uw netwerk: geef deze melding door aan de oorspronkelijke hoster',
  'subject.registrar': 'Illegale content op een domeinnaam die via u is geregistreerd',
  'subject.police': 'Doorverwijzing van illegale content',
  'subject.upstream': 'Illegale content op een netwerk waaraan u connectiviteit levert',
  'subject.reminder': 'Herinnering: {subject} (eerste melding {first})',
  'subject.escalation': 'Escalatie: {subject} (eerste melding {first})',
  'greeting.named': 'Beste {name},',
  'greeting.team': 'Beste abuse-afdeling,',
  'intro.ntd':
    '{hotline}, het meldpunt voor illegale content op internet in {country}, heeft de content op de onderstaande adressen op uw netwerk aangetroffen. Onze analisten hebben deze als illegaal beoordeeld. Wij verzoeken u deze te verwijderen.',
  'intro.dsa':
    '{hotline}, het meldpunt voor illegale content op internet in {country}, meldt u op grond van artikel 16 van Verordening (EU) 2022/2065 (digitaledienstenverordening) de illegale inhoud op de onderstaande adressen op uw dienst. Wij verzoeken u deze te verwijderen of de toegang ertoe onmogelijk te maken.',
  'intro.cdn':
    '{hotline}, het meldpunt voor illegale content op internet in {country}, heeft de illegale content op de onderstaande adressen aangetroffen, geleverd via uw netwerk. De hoster achter uw dienst is voor ons niet zichtbaar. Wij verzoeken u deze melding onverwijld door te geven aan uw klant of aan de oorspronkelijke hoster, en ons te laten weten wie de content host.',
  'intro.registrar':
    '{hotline}, het meldpunt voor illegale content op internet in {country}, heeft de illegale content op de onderstaande adressen aangetroffen op domeinnamen die via u zijn geregistreerd. Wij verzoeken u contact op te nemen met de houder van de domeinnaam en volgens uw voorwaarden op te treden, zodat de content wordt verwijderd.',
  'intro.police':
    '{hotline}, het meldpunt voor illegale content op internet in {country}, verwijst de content op de onderstaande adressen naar u door. Onze analisten hebben deze als illegaal beoordeeld.',
  'intro.upstream': '{hotline}, het meldpunt voor illegale content op internet in {country}, heeft de illegale content op de onderstaande adressen aangetroffen op een netwerk waaraan u connectiviteit of adresruimte levert. De beheerder heeft de content ondanks onze meldingen niet verwijderd. Wij verzoeken u contact op te nemen met uw klant, zodat de content wordt verwijderd.',
  'stage.reminder': 'Dit is een herinnering aan onze melding {first}: de onderstaande content was bij onze laatste controle nog online.',
  'stage.escalation': 'De onderstaande content is ondanks onze melding {first} nog steeds online. Wij escaleren de zaak en verzoeken u nu op te treden.',
  'notice.reference': 'Melding {reference}, verzonden {sent}',
  'deadline.removal': 'Verwijder de content uiterlijk {deadline}.',
  'deadline.cdn': 'De content moet uiterlijk {deadline} verwijderd zijn.',
  'deadline.police': 'Graag uw reactie uiterlijk {deadline}.',
  'page.provider': 'Bevestig de verwijdering, of laat ons weten waarom u het er niet mee eens bent, op deze pagina (geen account nodig):',
  'page.police': 'De pagina van deze doorverwijzing:',
  'noMedia': 'Deze melding bevat geen afbeeldingen of andere content: alleen de adressen, en de hashes van de bestanden zodat u kopieën kunt vinden.',
  'xarf': 'Een machineleesbare kopie van deze melding is bijgevoegd in X-ARF-formaat, één rapport per adres.',
  'items.heading': 'De content',
  'label.url': 'Adres',
  'label.location': 'Exacte elektronische locatie (art. 16, lid 2, onder b, DSA)',
  'label.explanation': 'Motivering (art. 16, lid 2, onder a, DSA)',
  'label.reference': 'Ons kenmerk',
  'label.category': 'Categorie',
  'label.legalBasis': 'Waarom het illegaal is',
  'label.ip': 'IP-adres',
  'label.assessment': 'Beoordeling',
  'label.reported': 'Gemeld',
  'label.assessed': 'Beoordeeld',
  'label.hashes': 'Hashes van de bestanden',
  'legal.baseline':
    'Het voldoet aan de baseline-criteria van INTERPOL voor materiaal van seksueel misbruik van kinderen, waardoor het in vrijwel elk land illegaal is.',
  'legal.national': 'Het is illegaal volgens het recht van {country}.',
  'detection.human_review': 'Beoordeeld door een getrainde analist van het meldpunt.',
  'detection.hash_match': 'Komt overeen met de hash van materiaal dat al als illegaal is beoordeeld.',
  'dsa.heading': 'Melder en verklaring (art. 16, lid 2, onder c en d, DSA)',
  'dsa.notifier': 'Deze melding wordt ingediend door {name}, {email}.',
  'dsa.notifierOmitted':
    'De naam en het e-mailadres van de melder worden niet vermeld, zoals artikel 16, lid 2, onder c, DSA toestaat voor de strafbare feiten bedoeld in de artikelen 3 tot en met 7 van Richtlijn 2011/93/EU.',
  'dsa.goodFaith': 'Wij verklaren te goeder trouw van mening te zijn dat de informatie en beweringen in deze melding juist en volledig zijn.',
  'closing': 'Voor vragen kunt u deze e-mail beantwoorden of schrijven naar {email}.',
  'signature.heading': 'Afzender',
};
