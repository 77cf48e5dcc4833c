/**
 * Page-image queries to WorkMatch records with verdicts and change hints: the packed index joined with the
 * registry. A query is looked up as it is, mirrored (bit permutations, flip.ts) and, when it has uniform borders,
 * trimmed; a hit on a work's crop fingerprint or on the trimmed query means the framing changed; a work's
 * whole-image fingerprint agreeing closely and in detail outside one rectangle (partial.ts) means it was partly edited. Pure.
 *
 * Works' detail thumbnails are not held here (1,024 bytes a work would be about 37 bytes per fingerprint): a lookup runs
 * in two phases, `prepare` (the hash and key stages, which name the works whose thumbnails the detail stages may
 * read: `Prepared.needs`, a few per query) and `finish` with those thumbnails, which the caller reads from storage
 * (src/storage/work-details.ts). A matcher built from work records keeps their thumbnails and does both at once.
 */
import { hexToWords } from './hash/bits.js';
import { scoreOutside } from './detail/detail-redraw.js';
import { type DetailQuery, detailQueryOf, HASH_DETAIL_MIN, PARTIAL_DETAIL_MIN, MAX_VERIFIED } from './detail/detail-verify.js';
import { detailCandidates, framingReaches, MAX_TURNED, turnedNear, verifyCandidate } from './detail/detail-stage.js';
import { boxShares, type BoxedDetail, extendedMatch, pageAspectOf, rotatedMatch } from './detail/detail-geometry.js';
import { ROTATED_HASH_MIN } from './detail/rotate/detail-rotate.js';
import { MAX_SEARCHED } from './detail/extend/detail-extend.js';
import { FingerprintIndex, MATCH_THRESHOLD, VARIANT_THRESHOLD } from './indexing/fingerprint-index.js';
import { comparePartial } from './indexing/partial.js';
import { type Best, nearer, type Prepared, type Thumbs, type WordCandidate } from './lookup-phases.js';
import { indexableWorks, packRegistry, thumbOf, type PackedRegistry } from './indexing/packed-registry.js';
import { MIN_QUALITY } from './hash/quality.js';
import type { Query } from './hash/query.js';
import type { Creator, Model, RegistryContent, WorkMatch } from '../types.js';
import { detailHints } from './hints/hints.js';
import { fileHints, hashHints } from './hints/hash-hints.js';
import { traitsOf, type WorkTraits } from './hints/work-traits.js';

import { workMatches } from './work-matches.js';
import { prepareLookup } from './prepare.js';
import { KeyStage } from './indexing/key-stage.js';

export type { Best, Prepared, Thumbs } from './lookup-phases.js';

export class Matcher {
  private readonly models = new Map<string, Model>();
  private readonly creators = new Map<string, Creator>();
  readonly index: FingerprintIndex;
  readonly packed: PackedRegistry;
  /** Whether any work has a detail thumbnail: without one the detail stages never run. */
  readonly anyDetail: boolean;
  /** The detail-key stage: a scan, or the key index in a large registry. */
  readonly keys: KeyStage;
  /** Thumbnails kept in memory when built from work records (tests, CLI, benchmarks), else read by the caller. */
  private readonly own: Thumbs | undefined;
  private lastDetails: [string, DetailQuery | null][] = [];

  /**
   * From the registry (creators and models; works only when `packed` is not given, to pack them). `packed` comes
   * from the stored index at start-up (packed-registry.ts), so the work records need not be read.
   */
  constructor(
    content: Pick<RegistryContent, 'creators' | 'models'> & { works?: RegistryContent['works'] },
    packed?: PackedRegistry,
    readonly threshold = MATCH_THRESHOLD,
    readonly variantThreshold = Math.min(threshold, VARIANT_THRESHOLD),
  ) {
    for (const c of content.creators) this.creators.set(c.id, c);
    for (const m of content.models) this.models.set(m.id, m);
    const registry = { creators: content.creators, models: content.models, works: content.works ?? [] };
    this.packed = packed ?? packRegistry(registry);
    this.index = new FingerprintIndex(this.packed);
    this.anyDetail = this.packed.hasDetail.includes(1);
    this.keys = new KeyStage(this.packed);
    if (!packed) {
      const works = indexableWorks(registry);
      const thumbs = works.map((w) => thumbOf(w.detail));
      this.own = Object.assign((work: number) => thumbs[work] ?? null, { traits: (work: number) => traitsOf(works[work]) });
    }
  }

  /** Malformed work records the index left out (packed-registry.ts skippedWorks). */
  get skippedWorks(): number {
    return this.packed.skipped ?? 0;
  }

  get fingerprintCount(): number {
    return this.index.size;
  }

  /**
   * Every registered work the query matches, with what changed, most urgent verdict first, then nearest. A bare
   * fingerprint string is matched as the whole image only, with its quality unknown (callers that have pixels
   * pass a Query from queryOf()).
   */
  match(query: Query | string, pageUrl: string, now = new Date(), thumbs?: Thumbs): WorkMatch[] {
    return this.verdicts(this.nearest(query, thumbs), pageUrl, now);
  }

  /** The matches `nearest` or `finish` found, with verdicts, most urgent first, then nearest. */
  verdicts(found: Map<number, Best>, pageUrl: string, now = new Date()): WorkMatch[] {
    return workMatches(found, this.packed, this.models, this.creators, pageUrl, now);
  }

  /** Each matched work's (by index position) nearest hit over all probes; ties go to the plainer explanation. */
  nearest(query: Query | string, thumbs?: Thumbs): Map<number, Best> {
    return this.finish(this.prepare(query), thumbs);
  }

  /** The stages that need no thumbnail, and which thumbnails `finish` may then read (prepare.ts). */
  prepare(query: Query | string): Prepared {
    const q: Query = typeof query === 'string' ? { fingerprint: query, quality: MIN_QUALITY } : query;
    return prepareLookup(this, q);
  }

  /** The detail stages, with the thumbnails `p.needs` named (read by the caller, or kept by this matcher). */
  finish(p: Prepared, thumbs: Thumbs | undefined = this.own): Map<number, Best> {
    const { q, best, loose, inBorders } = p;
    if (q.quality < MIN_QUALITY) return best;
    const thumb = (work: number): Uint8Array | null => {
      if (!this.packed.hasDetail[work]) return null;
      const t = thumbs?.(work);
      if (t === undefined) throw new Error(`detail thumbnail of work ${work} was not read`);
      return t;
    };
    this.requireDetail(q, best, inBorders, p.inBox, thumb);
    this.partlyEdited(q, best, loose, p.words, thumb);
    this.verifyDetails(q, p, thumb, thumbs?.traits);
    this.hintAll(q, best, thumb, thumbs?.traits);
    return best;
  }

  /** Each match's change hints (hints/hints.ts): from the aligned comparison when both sides have detail. */
  private hintAll(q: Query, best: Map<number, Best>, thumbOf: (work: number) => Uint8Array | null, traits?: (work: number) => WorkTraits | undefined): void {
    const dq = this.detailOf(q);
    const inside = q.trimmed ? this.parse(q.trimmedDetail) : null;
    for (const [work, b] of best) {
      const thumb = dq ? thumbOf(work) : null;
      const t = traits?.(work);
      b.hints = fileHints(dq && thumb ? detailHints(q, dq, inside, thumb, b.via, t) : hashHints(q, b.via, b.distance), q, t);
    }
  }

  /**
   * When the query and a hash-matched work both have detail, the match stands only if the detail agrees
   * (HASH_DETAIL_MIN): hashes collide across unrelated images, plain ones (a figure on a flat backdrop) most, but
   * detailed ones too (a figure on black against a portrait, 15 bits apart, in the robustness benchmark). Without
   * detail on either side the hash alone decides, as before thumbnails existed.
   */
  private requireDetail(q: Query, best: Map<number, Best>, inBorders: Set<number>, inBox: Set<number>, thumbOf: (work: number) => Uint8Array | null): void {
    const dq = this.detailOf(q);
    if (!dq || !best.size) return;
    // A copy with added borders is compared inside them, when the trimmed probe found it (a figure on blue, trimmed,
    // scored 0.86 against a work its whole image matched at 18 bits with detail 0.69, in the robustness benchmark).
    const inside = q.trimmed ? this.parse(q.trimmedDetail) : null;
    for (const work of [...best.keys()]) {
      const thumb = thumbOf(work);
      if (!thumb) continue;
      let agreesInside: boolean | undefined;
      const inBorder = () => (agreesInside ??= !!inside && inBorders.has(work) && framingReaches(inside, thumb, HASH_DETAIL_MIN));
      // Found inside the query's low-detail margins: an outpainted copy, placed by its box (detail-geometry.ts); unless
      // that box is the trim and the copy agrees inside it: a border added.
      const via = best.get(work)!.via;
      const ext = inBox.has(work) && via.boxed && !(via.trimmed && inBorder()) ? extendedMatch(this.boxedOf(q), thumb, HASH_DETAIL_MIN) : null;
      if (ext) {
        best.set(work, { ...best.get(work)!, via: ext });
        continue;
      }
      if (framingReaches(dq, thumb, HASH_DETAIL_MIN) || inBorder()) continue;
      const rot = rotatedMatch(dq, thumb, ROTATED_HASH_MIN, pageAspectOf(q.size));
      if (rot) best.set(work, { ...best.get(work)!, via: rot });
      else best.delete(work);
    }
  }

  /** The query's detail (detail-verify.ts), or null when it has none or too little to compare. */
  private detailOf(q: Query): DetailQuery | null {
    return this.parse(q.detail);
  }

  /**
   * The query's detail inside its low-detail margins, with where they are (detail-geometry.ts), or null; `search`:
   * with Query.wide and the page image's aspect, for the placement search.
   */
  private boxedOf(q: Query, search = false): BoxedDetail | null {
    const dq = q.box ? this.parse(q.boxedDetail) : null;
    const aspect = pageAspectOf(q.size);
    return dq && q.box ? { dq, box: boxShares(q.box), ...(search && q.wide && aspect ? { page: { wide: q.wide, aspect } } : {}) } : null;
  }

  /** A 16x16 luminance (base64url) as a DetailQuery; the last three are kept (a query's whole, trimmed and boxed detail). */
  parse(detail: string | undefined): DetailQuery | null {
    if (!detail) return null;
    const known = this.lastDetails.find(([d]) => d === detail);
    if (known) return known[1];
    const dq = detailQueryOf(detail);
    this.lastDetails = [[detail, dq], ...this.lastDetails.slice(0, 2)];
    return dq;
  }

  /**
   * Works nothing above matched, verified by their detail thumbnails (detail-verify.ts): candidates from the
   * looser hash radius, word agreements and detail keys, nearest key first, at most MAX_VERIFIED.
   */
  private verifyDetails(q: Query, p: Prepared, thumbOf: (work: number) => Uint8Array | null, traits?: (work: number) => WorkTraits | undefined): void {
    const { best, loose } = p;
    const dq = this.detailOf(q);
    // Also when a hash match stands: a second work only the detail stage verifies (the same picture claimed by two
    // publishers, one of them registered from another file) is a claim the user sees (tests/unit/lookup-stops.test.ts).
    if (!dq || !this.anyDetail) return;
    const inside = q.trimmed ? this.parse(q.trimmedDetail) : null;
    for (const [work, d] of p.trimmedWords ?? []) if (!best.has(work)) nearer(loose, work, d);
    // The page side of every verification, worked out once.
    const [searched, placed, pageAspect] = [this.boxedOf(q, true), this.boxedOf(q), pageAspectOf(q.size)];
    let verified = 0;
    for (const work of detailCandidates(p.keyed, loose, p.fitKeyed, p.fitLoose)) {
      if (best.has(work) || !this.packed.hasDetail[work]) continue;
      if (++verified > MAX_VERIFIED) break;
      const thumb = thumbOf(work);
      if (!thumb) continue; // its record is gone (the registry changed during the lookup)
      // The fit candidates' distances (fitKeyed, fitLoose) count too, the nearer of each kind.
      const turned = verified <= MAX_TURNED || turnedNear(nearest(p.keyed.get(work), p.fitKeyed.get(work)), nearest(loose.get(work), p.fitLoose.get(work)));
      const via = verifyCandidate(dq, inside, thumb, verified <= MAX_SEARCHED ? searched : placed, pageAspect, pageAspectOf(traits?.(work)?.size), turned);
      if (via) best.set(work, { distance: this.index.distance(this.packed.starts[work]!, hexToWords(q.fingerprint)), via });
    }
  }

  /**
   * Works whose whole-image fingerprint agrees with the query outside one edited rectangle (partial.ts): a copy
   * with a local redraw. Only when nothing closer matched the work, and only between detailed hashes.
   */
  private partlyEdited(q: Query, best: Map<number, Best>, loose: Map<number, number>, candidates: WordCandidate[] | undefined, thumbOf: (work: number) => Uint8Array | null): void {
    if (!candidates) return;
    const words = hexToWords(q.fingerprint);
    for (const { fp, work, partly, distance } of candidates) {
      if (best.has(work)) continue;
      nearer(loose, work, distance);
      if (!partly) continue;
      const dq = this.detailOf(q);
      const thumb = dq && thumbOf(work);
      const { rect } = comparePartial(words, this.index.words(fp));
      if (thumb && dq && scoreOutside(dq.luma, thumb, rect) < PARTIAL_DETAIL_MIN) continue;
      best.set(work, { distance: this.index.distance(fp, words), via: { stage: 'partial', rect } });
    }
  }
}

/** The smaller of two distances either of which may be absent. */
function nearest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}
