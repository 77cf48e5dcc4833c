/**
 * The key schemes bench/registry-keys.ts compares: blockhash word cuts (what the registry ships) and DCT-sign keys
 * (src/lib/registry/dct-keys.ts) of K bits with M least-certain bits probed by the query. A scheme says which keys
 * a registered work stores, which a page image looks up, and (for the large unrelated pool) which keys an
 * unrelated image would store were it registered, from its query alone.
 */
import { fromBase64url } from '../src/lib/base64url.js';
import { CROPS, hexToWords, MIN_QUALITY, popcount32, probes, type Query } from '../src/lib/match/index.js';
import { dctCoefficients, type DctFrame, mirrorCoefficients, probeKeys, sampleGrid, signKey } from './lib/dct-keys.js';
import type { Work } from '../src/lib/types.js';

export type Keys = Set<string | number>;
export interface Scheme {
  name: string;
  work: (w: Work) => Keys;
  query: (q: Query) => Keys;
  /** Keys the query's image would store as a work (whole image, and crops when the scheme keys them). */
  asWork: (q: Query) => Keys;
  /** Drop keys seen in 3 or more of the even-numbered unrelated images. */
  stops?: boolean;
}

type KeyFn = (w: Uint32Array) => string[];
const flat = (w: number, min: number) => popcount32(w >>> 0) < min || popcount32(w >>> 0) > 32 - min;
/** One 32-bit word (two rows): the shipped plan (minBits 4). */
const word32: KeyFn = (w) => [...w].flatMap((x, t) => (flat(x, 4) ? [] : [`${t}:${x}`]));
/** Two neighbouring words, disjoint: 4 per fingerprint (multi-index hashing with 4 substrings of 64 bits). */
const pair64d: KeyFn = (w) => [0, 2, 4, 6].flatMap((t) => (flat(w[t]!, 4) && flat(w[t + 1]!, 4) ? [] : [`${t}:${w[t]}:${w[t + 1]}`]));

/** Which stored fingerprints are keyed: all (whole + crops), the whole only, or every other crop level. */
type Stored = 'all' | 'whole' | 'half';
const storedOf = (fps: readonly string[], s: Stored) => (s === 'all' ? fps : s === 'whole' ? fps.slice(0, 1) : fps.filter((_, i) => i === 0 || (i % 2 === 0 && i <= 26)));

function wordScheme(name: string, f: KeyFn, stored: Stored, stops = false): Scheme {
  return {
    name,
    stops,
    work: (w) => new Set(storedOf(w.fingerprints, stored).flatMap((h) => f(hexToWords(h)))),
    query: (q) => (q.quality < MIN_QUALITY ? new Set() : new Set(probes(q).flatMap((p) => f(p.words)))),
    asWork: (q) => (q.quality < MIN_QUALITY ? new Set() : new Set(f(hexToWords(q.fingerprint)))),
  };
}

/** The whole image and the work's crops (work-fingerprints.ts CROPS) as frames [x, y, width, height]. */
const FRAMES: DctFrame[] = [[0, 0, 1, 1], ...CROPS.map(([l, t, r, b]) => [l, t, 1 - l - r, 1 - t - b] as const)];
const COEFFS = 96;
const coeffsOf = (thumb: Uint8Array, side: number, frame: DctFrame) => dctCoefficients(sampleGrid(thumb, side, frame), COEFFS);

export interface DctOptions {
  bits: number;
  probeBits: number;
  /** Key the work's crops (from its 32x32 thumbnail) too. */
  crops: boolean;
  /** Several keys an image: band b takes coefficients [b * bits, (b + 1) * bits). */
  bands?: number;
}

/** DCT-sign keys: a work keys its detail thumbnail (whole, and its crops), a query its detail grids (whole, trimmed, boxed) as is and mirrored. */
export function dctScheme(o: DctOptions): Scheme {
  const bands = o.bands ?? 1;
  const frames = o.crops ? FRAMES : FRAMES.slice(0, 1);
  const stored = (c: Float64Array, out: Keys) => {
    for (let b = 0; b < bands; b++) out.add(signKey(c, b * o.bits, o.bits, b));
  };
  const probed = (c: Float64Array, out: Keys) => {
    for (let b = 0; b < bands; b++) for (const k of probeKeys(c, b * o.bits, o.bits, o.probeBits, b)) out.add(k);
  };
  return {
    name: `dct K=${o.bits} M=${o.probeBits}${bands > 1 ? ` x${bands} bands` : ''}, ${o.crops ? 'whole + 26 crops' : 'whole only'}`,
    work: (w) => {
      const out: Keys = new Set();
      if (!w.detail) return out;
      const t = fromBase64url(w.detail);
      for (const f of frames) stored(coeffsOf(t, 32, f), out);
      return out;
    },
    query: (q) => {
      const out: Keys = new Set();
      if (q.quality < MIN_QUALITY) return out;
      // The grids of the matcher's probes (lookup-phases.ts probes): whole as is and mirrored both ways, trimmed as is and left-right, boxed.
      const grids: [string | undefined, ('h' | 'v')[]][] = [[q.detail, ['h', 'v']], [q.trimmedDetail, ['h']], [q.boxedDetail, []]];
      for (const [g, flips] of grids) {
        if (!g) continue;
        const c = coeffsOf(fromBase64url(g), 16, [0, 0, 1, 1]);
        probed(c, out);
        for (const m of flips) probed(mirrorCoefficients(c, m), out);
      }
      return out;
    },
    asWork: (q) => {
      const out: Keys = new Set();
      if (q.quality < MIN_QUALITY || !q.detail) return out;
      const t = fromBase64url(q.detail);
      for (const f of frames) stored(coeffsOf(t, 16, f), out);
      return out;
    },
  };
}

export const SCHEMES: Scheme[] = [
  wordScheme('word32 all fps (shipped)', word32, 'all'),
  wordScheme('word32 all fps, stop keys', word32, 'all', true),
  wordScheme('word32 whole + 13 crops', word32, 'half'),
  wordScheme('word32 whole only', word32, 'whole'),
  wordScheme('pair64 disjoint (MIH 4x64), all fps', pair64d, 'all'),
  wordScheme('pair64 disjoint, whole only', pair64d, 'whole'),
  ...(process.env.DCT_GRID
    ? JSON.parse(process.env.DCT_GRID) as DctOptions[]
    : [
        ...[24, 32, 40].flatMap((bits) => [0, 2, 4].flatMap((probeBits) => [false, true].map((crops) => ({ bits, probeBits, crops })))),
        { bits: 24, probeBits: 4, crops: false, bands: 3 },
        { bits: 32, probeBits: 4, crops: false, bands: 2 },
      ]
  ).map(dctScheme),
];
