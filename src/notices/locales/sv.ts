import type { NoticeMessages } from './en.js';

export const sv: NoticeMessages = {
  'subject.ntd': 'Olagligt innehåll i ert nät: begäran om borttagning',
  'subject.dsa': 'Anmälan om olagligt innehåll enligt artikel 16 i förordningen om digitala tjänster',
  'subject.cdn': 'Olagligt innehåll som levereras via ert nät: vidarebefordra anmälan till ursprungsvärden',
  'subject.registrar': 'Olagligt innehåll på ett domännamn som registrerats via er',
  'subject.police': 'Överlämnande av olagligt innehåll',
  'subject.upstream': 'Olagligt innehåll i ett nät som ni förser med anslutning',
  'subject.reminder': 'Påminnelse: {subject} (första anmälan {first})',
  'subject.escalation': 'Eskalering: {subject} (första anmälan {first})',
  'greeting.named': 'Hej {name},',
  'greeting.team': 'Till abuse-avdelningen,',
  'intro.ntd':
    '{hotline}, hotline för anmälningar om olagligt innehåll på internet i {country}, har hittat innehållet på adresserna nedan i ert nät. Våra analytiker har bedömt det som olagligt. Vi ber er ta bort det.',
  'intro.dsa':
    '{hotline}, hotline för anmälningar om olagligt innehåll på internet i {country}, anmäler härmed enligt artikel 16 i förordning (EU) 2022/2065 (förordningen om digitala tjänster) det olagliga innehållet på adresserna nedan i er tjänst. Vi ber er ta bort det eller göra det oåtkomligt.',
  'intro.cdn':
    '{hotline}, hotline för anmälningar om olagligt innehåll på internet i {country}, har hittat det olagliga innehållet på adresserna nedan, levererat via ert nät. Vi kan inte se vilken värd som finns bakom er tjänst. Vi ber er utan dröjsmål vidarebefordra denna anmälan till er kund eller till ursprungsvärden och tala om för oss vem som är värd för innehållet.',
  'intro.registrar':
    '{hotline}, hotline för anmälningar om olagligt innehåll på internet i {country}, har hittat det olagliga innehållet på adresserna nedan på domännamn som registrerats via er. Vi ber er kontakta domäninnehavaren och agera enligt era villkor så att innehållet tas bort.',
  'intro.police':
    '{hotline}, hotline för anmälningar om olagligt innehåll på internet i {country}, överlämnar till er innehållet på adresserna nedan, som våra analytiker har bedömt som olagligt.',
  'intro.upstream': '{hotline}, hotline för anmälningar om olagligt innehåll på internet i {country}, har hittat det olagliga innehållet på adresserna nedan i ett nät som ni förser med anslutning eller adressutrymme. Operatören har inte tagit bort det trots våra anmälningar. Vi ber er kontakta er kund så att innehållet tas bort.',
  'stage.reminder': 'Detta är en påminnelse om vår anmälan {first}: innehållet nedan fanns fortfarande kvar vid vår senaste kontroll.',
  'stage.escalation': 'Innehållet nedan finns fortfarande kvar trots vår anmälan {first}. Vi eskalerar ärendet och ber er agera nu.',
  'notice.reference': 'Anmälan {reference}, skickad {sent}',
  'deadline.removal': 'Ta bort innehållet senast {deadline}.',
  'deadline.cdn': 'Innehållet ska vara borttaget senast {deadline}.',
  'deadline.police': 'Vi ber om svar senast {deadline}.',
  'page.provider': 'Bekräfta borttagningen, eller berätta varför ni inte håller med, på den här sidan (inget konto behövs):',
  'page.police': 'Sidan för detta överlämnande:',
  'noMedia': 'Denna anmälan innehåller inga bilder eller annat innehåll: bara adresserna och filernas hashvärden, så att ni kan hitta kopior.',
  'xarf': 'En maskinläsbar kopia av denna anmälan bifogas i X-ARF-format, en rapport per adress.',
  'items.heading': 'Innehållet',
  'label.url': 'Adress',
  'label.location': 'Exakt elektronisk placering (art. 16.2 b DSA)',
  'label.explanation': 'Motivering (art. 16.2 a DSA)',
  'label.reference': 'Vår referens',
  'label.category': 'Kategori',
  'label.legalBasis': 'Varför det är olagligt',
  'label.ip': 'IP-adress',
  'label.assessment': 'Bedömning',
  'label.reported': 'Anmält',
  'label.assessed': 'Bedömt',
  'label.hashes': 'Filernas hashvärden',
  'legal.baseline':
    'Det uppfyller Interpols baskriterier (baseline) för material med sexuella övergrepp mot barn, vilket gör det olagligt i praktiskt taget alla länder.',
  'legal.national': 'Det är olagligt enligt lagen i {country}.',
  'detection.human_review': 'Bedömt av en utbildad analytiker vid hotlinen.',
  'detection.hash_match': 'Matchar hashvärdet för material som redan har bedömts som olagligt.',
  'dsa.heading': 'Anmälare och försäkran (art. 16.2 c och d DSA)',
  'dsa.notifier': 'Denna anmälan lämnas av {name}, {email}.',
  'dsa.notifierOmitted':
    'Anmälarens namn och e-postadress anges inte, vilket artikel 16.2 c DSA tillåter för de brott som avses i artiklarna 3–7 i direktiv 2011/93/EU.',
  'dsa.goodFaith': 'Vi intygar att vi i god tro anser att uppgifterna och påståendena i denna anmälan är korrekta och fullständiga.',
  'closing': 'Har ni frågor kan ni svara på detta e-postmeddelande eller skriva till {email}.',
  'signature.heading': 'Avsändare',
};
