import type { Category } from '../../domain/categories.js';
import { html } from '../../web/html.js';
import { layout, type PageContext } from '../../web/layout.js';
import { categoryLabel } from '../../web/category-label.js';

export function homePage(context: PageContext, categories: readonly Category[], contactRetentionDays: number): string {
  const { t } = context;
  return layout(context, {
    title: t('home.title'),
    body: html`<h1>${t('home.title')}</h1>
<p class="lead">${t('home.lead')}</p>
<p><a class="button" href="/report">${t('home.cta')}</a></p>
<section aria-labelledby="what">
  <h2 id="what">${t('home.what.title')}</h2>
  <p>${t('home.what.body')}</p>
  <ul>${categories.map((category) => html`<li>${categoryLabel(category, context)}</li>`)}</ul>
</section>
<section aria-labelledby="not" class="warning">
  <h2 id="not">${t('home.not.title')}</h2>
  <ul>
    <li>${t('home.not.images')}</li>
    <li>${t('home.not.download')}</li>
    <li>${t('home.not.emergency')}</li>
  </ul>
</section>
<section aria-labelledby="how">
  <h2 id="how">${t('home.how.title')}</h2>
  <ol>
    <li>${t('home.how.check')}</li>
    <li>${t('home.how.trace')}</li>
    <li>${t('home.how.act')}</li>
    <li>${t('home.how.monitor')}</li>
  </ol>
</section>
<section aria-labelledby="privacy">
  <h2 id="privacy">${t('home.privacy.title')}</h2>
  <p>${t('home.privacy.body', { days: contactRetentionDays })}</p>
</section>
<p><a href="/status">${t('home.status')}</a></p>`,
  });
}
