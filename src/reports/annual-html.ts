import type { Locale } from '../config/config.js';
import { html, type Html } from '../web/html.js';
import type { AnnualReportText } from './annual-text.js';

/** The report itself: summary, tables, statement; the same on the staff page and in the exported file. */
export function annualReportSection(text: AnnualReportText): Html {
  return html`<section class="annual-report" aria-labelledby="annual-title">
<h1 id="annual-title">${text.title}</h1>
<p>${text.intro}</p>
<table class="summary" data-testid="annual-summary">
  <tbody>${text.summary.map(([label, value]) => html`<tr><th scope="row">${label}</th><td class="number">${value}</td></tr>`)}</tbody>
</table>
${text.tables.map(
  (table) => html`<table data-testid="annual-table">
  <caption>${table.caption}</caption>
  <thead><tr>${table.head.map((cell, index) => html`<th scope="col"${index > 1 ? html` class="number"` : ''}>${cell}</th>`)}</tr></thead>
  <tbody>${table.rows.map((row) => html`<tr>${row.map((cell, index) => (index === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}</tr>`)}</tbody>
</table>`,
)}
<h2>${text.statementTitle}</h2>
${text.statement.map((paragraph) => html`<p>${paragraph}</p>`)}
<p class="method">${text.method}</p>
</section>`;
}

/** The report as a file of its own: one HTML document that needs nothing else. */
export function standaloneAnnualReport(text: AnnualReportText, locale: Locale): string {
  return `<!doctype html>\n${html`<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text.title}</title>
</head>
<body>
${annualReportSection(text)}
</body>
</html>`.text}\n`;
}
