import { html, type Html } from './html.js';

/**
 * A link whose text is shortened to fit a list. The whole text describes it
 * (aria-describedby) and appears beside it while it has focus or the pointer,
 * so keyboard, pointer and screen-reader users all reach the full value.
 */
export function shortenedLink(href: string, short: string, full: string, id: string): Html {
  return html`<span class="shortened"><a href="${href}" aria-describedby="${id}">${short}</a><span class="full" role="tooltip" id="${id}">${full}</span></span>`;
}
