import type { ExposureAdvice, Exposure, WellbeingSettings } from '../domain/wellbeing.js';
import { WELLBEING_BOUNDS, WELLBEING_FLAGS } from '../domain/wellbeing.js';
import { html, type Html } from '../web/html.js';
import { staffLayout, type StaffPageContext } from '../web/staff-layout.js';
import { errorSummary, type ShownError } from '../web/forms.js';
import type { TeamDay } from './exposure.js';

const ADVICE: Record<Exclude<ExposureAdvice, 'none'>, string> = {
  take_a_break: 'You have been working on reported items for a while. Take a break away from the screen.',
  daily_limit_reached: 'You have reached your daily limit of items. Please stop assessing for today.',
};

export function adviceBanner(advice: ExposureAdvice): Html | undefined {
  return advice === 'none' ? undefined : html`<p class="notice" role="status" data-testid="exposure-advice">${ADVICE[advice]}</p>`;
}

export function exposureSummary(exposure: Exposure, settings: WellbeingSettings): Html {
  return html`<p>Today: ${exposure.itemsViewed} of ${settings.dailyItemLimit} items, ${Math.round(exposure.secondsViewed / 60)} minutes on item pages, ${exposure.mediaRevealed} images or videos revealed.</p>`;
}

export function wellbeingForm(context: StaffPageContext, settings: WellbeingSettings, errors: readonly ShownError[]): Html {
  const field = (name: keyof typeof WELLBEING_BOUNDS, label: string) => html`<div class="field">
  <label for="${name}">${label} (${WELLBEING_BOUNDS[name].min}–${WELLBEING_BOUNDS[name].max})</label>
  <input type="number" id="${name}" name="${name}" value="${settings[name]}" min="${WELLBEING_BOUNDS[name].min}" max="${WELLBEING_BOUNDS[name].max}" step="1">
</div>`;
  const flag = (name: (typeof WELLBEING_FLAGS)[number], legend: string) => html`<fieldset id="${name}"><legend>${legend}</legend><div class="radio-row">
<label><input type="radio" name="${name}" value="yes"${settings[name] ? html` checked` : ''}> Yes</label>
<label><input type="radio" name="${name}" value="no"${settings[name] ? '' : html` checked`}> No</label></div></fieldset>`;
  return html`<h2>Exposure limits and the media viewer</h2>
${errorSummary('There is a problem', errors)}
<form method="post" action="/staff/account/wellbeing" novalidate>
  <input type="hidden" name="_csrf" value="${context.csrfToken}">
  ${field('dailyItemLimit', 'Items per day')}
  ${field('breakAfterMinutes', 'Minutes of work before a break')}
  ${field('previewSize', 'Size of media previews, in pixels')}
  ${flag('previewGreyscale', 'Show previews in greyscale')}
  ${flag('previewBlur', 'Blur previews')}
  <button type="submit">Save settings</button>
</form>`;
}

export function teamPage(context: StaffPageContext, days: readonly TeamDay[]): string {
  return staffLayout(
    context,
    'Team exposure',
    html`<h1>Team exposure</h1>
<p>Totals for the whole team, by day. Individual analysts’ figures are theirs alone.</p>
<table>
  <caption>The last 14 days</caption>
  <thead><tr><th scope="col">Day</th><th scope="col">Analysts at work</th><th scope="col">Items opened</th><th scope="col">Minutes on item pages</th><th scope="col">Media revealed</th></tr></thead>
  <tbody>${days.map((day) => html`<tr><td>${day.day}</td><td>${day.analysts}</td><td>${day.itemsViewed}</td><td>${day.minutesViewed}</td><td>${day.mediaRevealed}</td></tr>`)}</tbody>
</table>`,
  );
}
