import type { CoarseStatus } from '../../domain/item-lifecycle.js';
import { errorSummary, describedBy, fieldErrors, type ShownError } from '../../web/forms.js';
import { html } from '../../web/html.js';
import { layout, type PageContext } from '../../web/layout.js';

export interface StatusView {
  code: string;
  errors: readonly ShownError[];
  /** Present once a code was looked up: its status, or 'unknown'. */
  result?: CoarseStatus | 'unknown';
}

export function statusPage(context: PageContext, view: StatusView): string {
  const { t } = context;
  return layout(context, {
    title: t('status.title'),
    body: html`<h1>${t('status.title')}</h1>
${errorSummary(t('errors.title'), view.errors)}
${view.result ? resultOf(context, view.code, view.result) : null}
<p>${t('status.intro')}</p>
<form method="post" action="/status" novalidate>
  <div class="field">
    <label for="code">${t('status.code.label')}</label>
    <p class="hint" id="code-hint">${t('status.code.hint')}</p>
    ${fieldErrors('code', view.errors)}
    <input type="text" id="code" name="code" value="${view.code}" autocomplete="off" spellcheck="false" autocapitalize="characters"${describedBy('code', 'code-hint', view.errors)}>
  </div>
  <button type="submit">${t('status.submit')}</button>
</form>`,
  });
}

function resultOf(context: PageContext, code: string, result: CoarseStatus | 'unknown') {
  const { t } = context;
  return html`<section aria-labelledby="result-title" role="status">
  <h2 id="result-title">${t('status.result', { code })}</h2>
  <p class="status" data-testid="status">${t(`status.${result}`)}</p>
</section>`;
}
