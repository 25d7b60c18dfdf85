import { describe, expect, it } from 'vitest';
import { mediaReferences } from './media-references.js';

const PAGE_URL = 'https://site.test-illegal.example/gallery/index.html';

describe('mediaReferences', () => {
  it('finds images, their largest srcset candidate, videos, posters and linked media, resolved and in page order', () => {
    const page = `<img src="one.jpg"><IMG SRCSET="small.png 480w, large.png 1080w"><video src="/v/clip.webm" poster="poster.jpg"></video>
      <picture><source srcset="pic.avif"></picture><a href="full.JPG?size=big#top">full</a><a href="page.html">no</a>
      <meta property="og:image" content="https://cdn.test-illegal.example/og.png"><img data-src="lazy.webp">`;
    expect(mediaReferences(page, PAGE_URL, 50)).toEqual([
      'https://site.test-illegal.example/gallery/one.jpg',
      'https://site.test-illegal.example/gallery/large.png',
      'https://site.test-illegal.example/v/clip.webm',
      'https://site.test-illegal.example/gallery/poster.jpg',
      'https://site.test-illegal.example/gallery/pic.avif',
      'https://site.test-illegal.example/gallery/full.JPG?size=big',
      'https://cdn.test-illegal.example/og.png',
      'https://site.test-illegal.example/gallery/lazy.webp',
    ]);
  });

  it('resolves against the page’s <base>', () => {
    expect(mediaReferences('<base href="https://other.test-illegal.example/x/"><img src="a.png">', PAGE_URL, 5)).toEqual([
      'https://other.test-illegal.example/x/a.png',
    ]);
  });

  it('drops repeats, data: and javascript: addresses, and whatever is past the limit', () => {
    const page = '<img src="a.png"><img src="a.png#again"><img src="data:image/png;base64,AA"><img src="javascript:alert(1)"><img src="b.png"><img src="c.png">';
    expect(mediaReferences(page, PAGE_URL, 2)).toEqual(['https://site.test-illegal.example/gallery/a.png', 'https://site.test-illegal.example/gallery/b.png']);
  });

  it('decodes entities and survives broken markup', () => {
    expect(mediaReferences('<div><img src="a.png?x=1&amp;y=2" <p>unclosed', PAGE_URL, 5)).toEqual(['https://site.test-illegal.example/gallery/a.png?x=1&y=2']);
    expect(mediaReferences('', PAGE_URL, 5)).toEqual([]);
  });
});
