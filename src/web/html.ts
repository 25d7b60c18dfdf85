/**
 * HTML built with a tagged template: every interpolated value is escaped
 * unless it is already Html (made by this template or `raw`). Arrays are
 * joined; null, undefined and false render nothing.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

function render(value: Value): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let text = strings[0]!;
  values.forEach((value, index) => {
    text += render(value) + strings[index + 1]!;
  });
  return new Html(text);
}

/**
 * A text with {placeholders}, such as a translated message, as Html: the text
 * is escaped and each value is rendered as in a template, so markup such as a
 * <time> can take a placeholder's place.
 */
export function fill(text: string, values: Record<string, Value>): Html {
  return new Html(escapeHtml(text).replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? render(values[name]) : whole)));
}

/** Trusted markup only: never pass anything a user typed. */
export function raw(text: string): Html {
  return new Html(text);
}
