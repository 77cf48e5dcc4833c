/**
 * Works' detail thumbnails for the matcher's detail stages (src/lib/match/matcher.ts `prepare`/`finish`), read from the
 * works store for the few works a query names, instead of all of them held in memory (1,024 bytes a work, about 37
 * bytes per fingerprint at 27 fingerprints a work). The work record is the truth, so nothing is stored twice and
 * nothing can go stale: a record removed meanwhile reads as "no thumbnail". The last DETAIL_CACHE thumbnails read
 * stay in memory (least recently used dropped first): a page's images often verify the same few works.
 */
import { thumbOf, traitsOf, type Thumbs, type WorkTraits } from '../lib/match/index.js';
import type { RegistryDB } from './db.js';

/** 256 thumbnails: 256 KiB. */
export const DETAIL_CACHE = 256;

export class WorkDetails {
  /** Work index -> thumbnail (null: none) and the record's hint traits, in least to most recently used order. */
  private readonly cache = new Map<number, { thumb: Uint8Array | null; traits?: WorkTraits }>();

  constructor(
    private readonly db: RegistryDB,
    /** The matcher's work ids by index position (PackedRegistry.workIds). */
    private readonly workIds: readonly string[],
    private readonly capacity = DETAIL_CACHE,
  ) {}

  /** The thumbnails of `works` (one read-only transaction for those not cached), as the matcher's `finish` takes them. */
  async read(works: readonly number[]): Promise<Thumbs> {
    const got = new Map<number, { thumb: Uint8Array | null; traits?: WorkTraits }>();
    const missing: number[] = [];
    for (const w of works) {
      const hit = this.cache.get(w);
      if (hit === undefined) missing.push(w);
      else {
        got.set(w, hit);
        this.cache.delete(w); // re-inserted below as the most recently used
      }
    }
    if (missing.length) {
      const tx = this.db.transaction('works', 'readonly');
      const records = await Promise.all(missing.map((w) => (this.workIds[w] === undefined ? undefined : tx.store.get(this.workIds[w]))));
      await tx.done;
      missing.forEach((w, i) => {
        const traits = traitsOf(records[i]);
        got.set(w, { thumb: thumbOf(records[i]?.detail), ...(traits ? { traits } : {}) });
      });
    }
    for (const [w, t] of got) this.cache.set(w, t);
    for (const w of this.cache.keys()) {
      if (this.cache.size <= this.capacity) break;
      this.cache.delete(w);
    }
    return Object.assign((work: number) => got.get(work)?.thumb, { traits: (work: number) => got.get(work)?.traits });
  }

  /** Bytes of thumbnails held. */
  get bytes(): number {
    let n = 0;
    for (const t of this.cache.values()) n += t.thumb?.byteLength ?? 0;
    return n;
  }
}
