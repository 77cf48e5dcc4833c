/**
 * The stored form of one batch of a tab's results (tab-store.ts), packed because storage.session holds 10 MB in
 * Chrome for every tab together, and Chrome charges what a value takes in its memory (every object field costs
 * some 50 bytes besides its text), not its JSON length: 20 tabs x 500 feed images stored as plain ImageResults
 * outgrew the quota even without thumbnails. So:
 * - what a match says about the work (model, creator, license terms, verdict) is stored once per batch in `w`,
 *   and each image's match keeps only its index there, its distance and what changed: a feed shows the same few
 *   works again and again;
 * - a clear image is stored as its check time alone (a number);
 * - thumbnails are not here: they live in their own keys, so they can be evicted without rewriting verdicts.
 * `unpack` rebuilds the ImageResults (thumbnail left out), the images of one batch sharing their works' objects.
 */
import type { ImageResult } from './messages.js';
import type { WorkMatch } from './types.js';

type Work = Omit<WorkMatch, 'distance' | 'change'>;
/** [index in the batch's `w`, distance, what changed (when anything did)] */
type PackedMatch = [number, number] | [number, number, NonNullable<WorkMatch['change']>];
type PackedResult = Omit<ImageResult, 'url' | 'matches' | 'thumb'> & { m?: PackedMatch[] };

export interface PackedBatch {
  w: Work[];
  /** URL -> a clear image's check time, or the result without URL, matches packed. */
  r: Record<string, number | PackedResult>;
}

/** A result without its thumbnail. */
export const slim = ({ thumb: _thumb, ...r }: ImageResult): ImageResult => r;

/**
 * Packs results. `minimal` is the last resort when even the packed batch does not fit: a flagged image keeps its
 * verdict and matches (what the badge and the popup list need) and loses its fingerprint and generation record.
 */
export function pack(results: ImageResult[], minimal = false): PackedBatch {
  const w: Work[] = [];
  const seen = new Map<string, number>();
  const r: PackedBatch['r'] = {};
  for (const { url, matches, ...rest } of results.map(slim)) {
    if (rest.status === 'clear') {
      r[url] = rest.checkedAt;
      continue;
    }
    // Not flagged: the popup counts them and frames need the status; their fingerprint and record are not kept.
    const out: PackedResult = rest.status === 'matched' ? rest : { status: rest.status, checkedAt: rest.checkedAt };
    if (rest.status !== 'matched' && rest.reason) out.reason = rest.reason;
    if (minimal) {
      delete out.fingerprint;
      delete out.record;
    }
    if (rest.status === 'matched' && matches.length) {
      out.m = matches.map(({ distance, change, ...work }) => {
        const key = JSON.stringify(work);
        let i = seen.get(key);
        if (i === undefined) seen.set(key, (i = w.push(work) - 1));
        return change ? [i, distance, change] : [i, distance];
      });
    }
    r[url] = out;
  }
  return { w, r };
}

/** The batch's results, as they were given to `pack` (without thumbnails). Garbage (a missing key) is empty. */
export function unpack(batch: PackedBatch | undefined): ImageResult[] {
  const out: ImageResult[] = [];
  if (!batch?.r) return out;
  for (const [url, p] of Object.entries(batch.r)) {
    if (typeof p === 'number') {
      out.push({ url, status: 'clear', matches: [], checkedAt: p });
      continue;
    }
    const { m, ...rest } = p;
    const matches = (m ?? []).flatMap(([i, distance, change]) => {
      const work = batch.w[i];
      return work ? [change ? { ...work, distance, change } : { ...work, distance }] : [];
    });
    out.push({ url, ...rest, matches });
  }
  return out;
}
