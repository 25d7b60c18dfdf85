import type { ExposureAdvice, Exposure, WellbeingSettings } from '../domain/wellbeing.js';
import { WELLBEING_BOUNDS, WELLBEING_FLAGS } from '../domain/wellbeing.js';
import { html, type Html } from '../web/html.js';
import type { Translate } from '../web/i18n/index.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import { errorSummary, type ShownError } from '../web/forms.js';
import type { TeamDay } from './exposure.js';

export function adviceBanner(t: Translate, advice: ExposureAdvice): Html | undefined {
  return advice === 'none' ? undefined : html`<p class="notice" role="status" data-testid="exposure-advice">${t(`staff.advice.${advice}`)}</p>`;
}

export function exposureSummary(t: Translate, exposure: Exposure, settings: WellbeingSettings): Html {
  const values = { items: exposure.itemsViewed, limit: settings.dailyItemLimit, minutes: Math.round(exposure.secondsViewed / 60), revealed: exposure.mediaRevealed };
  return html`<p>${t('staff.exposure.today', values)}</p>`;
}

export function wellbeingForm(context: StaffPageContext, settings: WellbeingSettings, errors: readonly ShownError[]): Html {
  const { t } = context;
  const field = (name: keyof typeof WELLBEING_BOUNDS) => html`<div class="field">
  <label for="${name}">${t(`staff.wellbeing.${name}`)} (${WELLBEING_BOUNDS[name].min}–${WELLBEING_BOUNDS[name].max})</label>
  <input type="number" id="${name}" name="${name}" value="${settings[name]}" min="${WELLBEING_BOUNDS[name].min}" max="${WELLBEING_BOUNDS[name].max}" step="1">
</div>`;
  const flag = (name: (typeof WELLBEING_FLAGS)[number]) => html`<fieldset id="${name}"><legend>${t(`staff.wellbeing.${name}`)}</legend><div class="radio-row">
<label><input type="radio" name="${name}" value="yes"${settings[name] ? html` checked` : ''}> ${t('staff.yes')}</label>
<label><input type="radio" name="${name}" value="no"${settings[name] ? '' : html` checked`}> ${t('staff.no')}</label></div></fieldset>`;
  return html`<h2>${t('staff.wellbeing.heading')}</h2>
${errorSummary(t('errors.title'), errors)}
<form method="post" action="/staff/account/wellbeing" novalidate>
  <input type="hidden" name="_csrf" value="${context.csrfToken}">
  ${field('dailyItemLimit')}
  ${field('breakAfterMinutes')}
  ${field('previewSize')}
  ${flag('previewGreyscale')}
  ${flag('previewBlur')}
  <button type="submit">${t('staff.wellbeing.submit')}</button>
</form>`;
}

const TEAM_COLUMNS = ['staff.team.day', 'staff.team.analysts', 'staff.team.items', 'staff.team.minutes', 'staff.team.media'] as const;

export function teamPage(context: StaffPageContext, days: readonly TeamDay[]): string {
  const { t } = context;
  return staffLayout(
    context,
    t('staff.team.title'),
    html`<h1>${t('staff.team.title')}</h1>
<p>${t('staff.team.intro')}</p>
<table>
  <caption>${t('staff.team.caption')}</caption>
  <thead><tr>${TEAM_COLUMNS.map((key) => html`<th scope="col">${t(key)}</th>`)}</tr></thead>
  <tbody>${days.map((day) => html`<tr><td>${day.day}</td><td>${day.analysts}</td><td>${day.itemsViewed}</td><td>${day.minutesViewed}</td><td>${day.mediaRevealed}</td></tr>`)}</tbody>
</table>`,
  );
}
