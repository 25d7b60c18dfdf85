import { createHash } from 'node:crypto';
import { judgeMedia, judgePage, type Verdict } from '../domain/monitoring.js';
import { hammingDistance, hash256FromHex, hashImageBuffer } from '../hashing/index.js';
import { DEFAULT_MAX_DISTANCE } from '../matching/pdq-index.js';
import { visitMedia, type MediaSearch } from '../triage/triage.js';

/** A file captured at triage, by the hashes a check compares. */
export interface CapturedHashes {
  sha256: string;
  pdq: string | null;
}

export interface Look extends Verdict {
  httpStatus: number | null;
}

/**
 * Fetches the item's address the way triage did and tells whether its content
 * is still there: the page's own answer first; when it answers, the media
 * captured at triage must be among what it shows (by SHA-256, or by PDQ for
 * an image re-encoded since).
 */
export async function lookAt(search: MediaSearch, url: string, captured: readonly CapturedHashes[]): Promise<Look> {
  const page = await search.fetcher.fetch(url);
  const httpStatus = page.ok ? page.status : null;
  const judged = judgePage(page);
  if (judged !== 'look_at_media') return { ...judged, httpStatus };
  if (!page.ok || captured.length === 0) return { ...judgeMedia({ captured: 0, found: 0, unreachable: 0 }), httpStatus };
  const wanted = new Set(captured.map((file) => file.sha256));
  const pdqs = captured.flatMap((file) => (file.pdq ? [hash256FromHex(file.pdq)] : []));
  let found = 0;
  let unreachable = 0;
  const complete = await visitMedia(search, { url: page.hops.at(-1)!, body: page.body }, {
    found: async (file, type) => {
      const same = wanted.has(createHash('sha256').update(file.body).digest('hex')) || (type.kind === 'image' && pdqs.length > 0 && (await resemblesAny(file.body, pdqs)));
      if (same) found += 1;
      return same;
    },
    failed: (_url, outcome) => {
      const verdict = judgePage(outcome);
      if (verdict !== 'look_at_media' && verdict.outcome === 'inconclusive') unreachable += 1;
    },
  });
  return { ...judgeMedia({ captured: captured.length, found, unreachable: unreachable + (complete ? 0 : 1) }), httpStatus };
}

async function resemblesAny(image: Buffer, pdqs: readonly ReturnType<typeof hash256FromHex>[]): Promise<boolean> {
  const { pdq } = await hashImageBuffer(image);
  if (!pdq) return false;
  const hash = hash256FromHex(pdq);
  return pdqs.some((known) => hammingDistance(hash, known) <= DEFAULT_MAX_DISTANCE);
}
