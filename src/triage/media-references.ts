import { Parser } from 'htmlparser2';

/**
 * The addresses of the images and videos a web page shows or links to, in page
 * order, absolute, without repeats: what triage captures from a reported page.
 */
export function mediaReferences(page: string, pageUrl: string, limit: number): string[] {
  const found: string[] = [];
  let base = pageUrl;
  const add = (reference: string | undefined) => {
    const absolute = reference ? absoluteHttpUrl(reference.trim(), base) : undefined;
    if (absolute && !found.includes(absolute)) found.push(absolute);
  };
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        if (tag === 'base' && attributes.href) base = absoluteHttpUrl(attributes.href, pageUrl) ?? base;
        for (const reference of referencesOf(tag, attributes)) add(reference);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(page);
  return found.slice(0, limit);
}

const MEDIA_EXTENSION = /\.(jpe?g|png|gif|webp|avif|bmp|tiff?|heic|mp4|m4v|webm|mov|ogv)$/i;
const SOCIAL_MEDIA_PROPERTIES = new Set(['og:image', 'og:image:url', 'og:image:secure_url', 'og:video', 'og:video:url', 'twitter:image']);

function referencesOf(tag: string, attributes: Record<string, string>): (string | undefined)[] {
  switch (tag) {
    case 'img':
      return [attributes.src, attributes['data-src'], largestCandidate(attributes.srcset)];
    case 'source':
      return [attributes.src, largestCandidate(attributes.srcset)];
    case 'video':
      return [attributes.src, attributes.poster];
    case 'meta':
      return SOCIAL_MEDIA_PROPERTIES.has(attributes.property ?? attributes.name ?? '') ? [attributes.content] : [];
    case 'a':
      return attributes.href && MEDIA_EXTENSION.test(attributes.href.split(/[?#]/, 1)[0]!) ? [attributes.href] : [];
    default:
      return [];
  }
}

/** The last candidate of a srcset, which by convention is the largest. */
function largestCandidate(srcset: string | undefined): string | undefined {
  const candidates = srcset?.split(/,\s+/).map((candidate) => candidate.trim().split(/\s+/, 1)[0]).filter(Boolean);
  return candidates?.at(-1);
}

function absoluteHttpUrl(reference: string, base: string): string | undefined {
  if (!URL.canParse(reference, base)) return undefined;
  const url = new URL(reference, base);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  return url.href;
}
