import { LOCALES, type Locale } from '../config/config.js';
import { html, type Html } from './html.js';
import { LANGUAGE_NAMES, type Translate } from './i18n/index.js';

export interface PageContext {
  locale: Locale;
  t: Translate;
  /** Path of the current page, for the language switcher and the current navigation link. */
  path: string;
}

export interface Page {
  title: string;
  body: Html;
}

const NAVIGATION = [
  { href: '/', key: 'nav.home' },
  { href: '/report', key: 'nav.report' },
  { href: '/status', key: 'nav.status' },
] as const;

export function layout(context: PageContext, page: Page): string {
  const { t, locale, path } = context;
  return `<!doctype html>\n${html`<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${page.title} – ${t('site.name')}</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="icon" href="/favicon.ico" sizes="16x16 32x32">
</head>
<body>
<a class="skip" href="#main">${t('skip.main')}</a>
<header class="site-header">
  <div class="wrap">
    <a class="brand" href="/">${t('site.name')}<span class="tagline">${t('site.tagline')}</span></a>
    ${languageSwitcher(locale, path, t)}
    <nav aria-label="${t('nav.label')}">
      <ul>${NAVIGATION.map(
        (link) =>
          html`<li><a href="${link.href}"${link.href === path ? html` aria-current="page"` : ''}>${t(link.key)}</a></li>`,
      )}</ul>
    </nav>
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
${page.body}
</main>
<footer class="site-footer"><div class="wrap"><p>${t('footer.privacy')}</p><p><a href="/api/docs">${t('nav.api')}</a></p></div></footer>
</body>
</html>`.text}`;
}

/** Links to this page in every other language; the current one is marked, not linked. */
export function languageSwitcher(current: Locale, path: string, t: Translate): Html {
  return html`<nav class="languages" aria-label="${t('lang.label')}"><ul>${LOCALES.map((locale) =>
    locale === current
      ? html`<li><span aria-current="true" lang="${locale}">${LANGUAGE_NAMES[locale]}</span></li>`
      : html`<li><a href="${path}?lang=${locale}" hreflang="${locale}" lang="${locale}">${LANGUAGE_NAMES[locale]}</a></li>`,
  )}</ul></nav>`;
}

/** A page with a title and one paragraph, for not-found and error answers. */
export function messagePage(context: PageContext, title: string, message: string): string {
  return layout(context, {
    title,
    body: html`<h1>${title}</h1><p>${message}</p><p><a href="/">${context.t('page.back')}</a></p>`,
  });
}
