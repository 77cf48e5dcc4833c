/**
 * The stored form of a tab's results (tab-store.ts), packed because storage.session holds 10 MB in Chrome for
 * every tab together, and Chrome charges what a value takes in its memory (about 48 bytes for every field or array
 * item besides its text), not its JSON length: 20 tabs x 500 feed images stored as plain ImageResults outgrew the
 * quota even without thumbnails (bench/quota-probe.ts). So:
 * - what a match says about the work (model, creator, license terms, verdict: some 1.6 KB as Chrome counts it) is
 *   stored once per page, in the tab's works list (its own key, appended to in the same `set` as the batch that
 *   first needs a work), and each image's match keeps only its index there, its distance and what changed: a
 *   page shows the same few works again and again (once per batch instead cost 2 MB at 20 tabs x 500 images);
 * - a clear image is stored as its check time alone (a number);
 * - thumbnails are not here: they live in their own keys, so they can be evicted without rewriting verdicts.
 * `unpack` rebuilds the ImageResults (thumbnail left out), sharing the works' objects.
 */
import type { ImageResult } from '../../lib/protocol/index.js';
import type { WorkMatch } from '../../lib/types.js';

export type Work = Omit<WorkMatch, 'distance' | 'hints'>;
/** [index in the tab's works, distance, what changed and how alike (fingerprint matches)] */
type PackedMatch = [number, number] | [number, number, NonNullable<WorkMatch['hints']>];
type PackedResult = Omit<ImageResult, 'url' | 'matches' | 'thumb'> & { m?: PackedMatch[] };

export interface PackedBatch {
  /** URL -> a clear image's check time, or the result without URL, matches packed. */
  r: Record<string, number | PackedResult>;
}

/** A tab's works list and where each work is in it (by its JSON). */
export interface Works {
  list: Work[];
  at: Map<string, number>;
}

export function works(list: unknown): Works {
  const l = Array.isArray(list) ? (list as Work[]) : [];
  return { list: l, at: new Map(l.map((w, i) => [JSON.stringify(w), i])) };
}

/** Adds works that a stored batch needed (call once its `set` succeeded). */
export function addWorks(to: Works, added: Work[]): void {
  for (const w of added) to.at.set(JSON.stringify(w), to.list.push(w) - 1);
}

/** A result without its thumbnail. */
export const slim = ({ thumb: _thumb, ...r }: ImageResult): ImageResult => r;

/**
 * Packs results against the tab's works (left unchanged: `added` are the works to append, in this order).
 * `minimal` is the last resort when even the packed batch does not fit: a flagged image keeps its verdict and
 * matches (what the badge and the popup list need) and loses its fingerprint and generation record.
 */
export function pack(results: ImageResult[], known: Works, minimal = false): { batch: PackedBatch; added: Work[] } {
  const added: Work[] = [];
  const fresh = new Map<string, number>();
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
      out.m = matches.map(({ distance, hints, ...work }) => {
        const key = JSON.stringify(work);
        let i = known.at.get(key) ?? fresh.get(key);
        if (i === undefined) fresh.set(key, (i = known.list.length + added.push(work) - 1));
        return hints ? [i, distance, hints] : [i, distance];
      });
    }
    r[url] = out;
  }
  return { batch: { r }, added };
}

/** The batch's results, as they were given to `pack` (without thumbnails). Garbage (a missing key) is empty. */
export function unpack(batch: PackedBatch | undefined, known: Work[]): ImageResult[] {
  const out: ImageResult[] = [];
  if (!batch?.r) return out;
  for (const [url, p] of Object.entries(batch.r)) {
    if (typeof p === 'number') {
      out.push({ url, status: 'clear', matches: [], checkedAt: p });
      continue;
    }
    const { m, ...rest } = p;
    const matches = (m ?? []).flatMap(([i, distance, hints]) => {
      const work = known[i];
      // A hints array is what results stored before the hint record held (they are dropped: the page rescans).
      return work ? [hints && !Array.isArray(hints) ? { ...work, distance, hints } : { ...work, distance }] : [];
    });
    out.push({ url, ...rest, matches });
  }
  return out;
}
