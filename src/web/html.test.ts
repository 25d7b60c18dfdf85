import { describe, expect, it } from 'vitest';
import { fill, html, raw } from './html.js';

describe('html templates', () => {
  it('escape interpolated text', () => {
    expect(html`<p title="${'"x"'}">${'<script>&'}</p>`.text).toBe(
      '<p title="&quot;x&quot;">&lt;script&gt;&amp;</p>',
    );
  });

  it('keep nested templates and trusted markup as they are', () => {
    const inner = html`<b>${"it's"}</b>`;
    expect(html`<p>${inner}${raw('<br>')}</p>`.text).toBe('<p><b>it&#39;s</b><br></p>');
  });

  it('join arrays and skip empty values', () => {
    expect(html`<ul>${['a', 'b'].map((x) => html`<li>${x}</li>`)}${null}${undefined}${false}</ul>`.text).toBe(
      '<ul><li>a</li><li>b</li></ul>',
    );
    expect(html`${0}`.text).toBe('0');
  });

  it('fill a text’s placeholders with escaped text or markup', () => {
    expect(fill('<{who}> at {time}, {missing}', { who: 'a&b', time: html`<time>now</time>` }).text).toBe(
      '&lt;a&amp;b&gt; at <time>now</time>, {missing}',
    );
  });
});
