/**
 * `npx tsx bench/registry-keys.ts` (docs/registry.md, issue 21): key schemes for the registry compared on real
 * images, without building a registry. Per scheme: keys per work (what the local summary grows with), the share
 * of altered copies the local list finds that also share a key with their own work (the registry can only return
 * a work a key leads to: an upper bound of agreement), and how often an unrelated real image shares a key with a
 * registered work (what makes unmatched images cause requests at scale). Reads BENCH_REPLAY_DIR (robustness-record).
 */
import { existsSync, readFileSync } from 'node:fs';
import { hexToWords, Matcher, MIN_QUALITY, popcount32, probes, type Query } from '../src/lib/match/index.js';
import type { Work } from '../src/lib/types.js';

const DIR = process.env.BENCH_REPLAY_DIR ?? '/tmp/license-lens-replay';

export function keySchemes() {
  if (!existsSync(`${DIR}/works.json`)) return null;
  const { works, variants } = JSON.parse(readFileSync(`${DIR}/works.json`, 'utf8')) as { works: (Work & { set: string })[]; variants: { name: string; id: string; set: string; q: Query }[] };
  const distractors = (existsSync(`${DIR}/distractors.json`) ? JSON.parse(readFileSync(`${DIR}/distractors.json`, 'utf8')) : []) as { label: string; q: Query }[];

  type KeyFn = (w: Uint32Array) => string[];
  const flat = (w: number, min: number) => popcount32(w >>> 0) < min || popcount32(w >>> 0) > 32 - min;
  /** One 32-bit word (two rows): the shipped plan (minBits 4). */
  const word32: KeyFn = (w) => [...w].flatMap((x, t) => (flat(x, 4) ? [] : [`${t}:${x}`]));
  /** Two neighbouring words (four rows, 64 bits), overlapping: 7 per fingerprint. */
  const pair64: KeyFn = (w) => [...w.slice(0, 7)].flatMap((x, t) => (flat(x, 4) && flat(w[t + 1]!, 4) ? [] : [`${t}:${x}:${w[t + 1]}`]));
  /** Two neighbouring words, disjoint: 4 per fingerprint (multi-index hashing with 4 substrings of 64 bits). */
  const pair64d: KeyFn = (w) => [0, 2, 4, 6].flatMap((t) => (flat(w[t]!, 4) && flat(w[t + 1]!, 4) ? [] : [`${t}:${w[t]}:${w[t + 1]}`]));
  /** Three rows (48 bits) at every row offset: 14 per fingerprint. */
  const rows48: KeyFn = (w) => {
    const row = (r: number) => (r & 1 ? w[r >> 1]! & 0xffff : w[r >> 1]! >>> 16);
    const out: string[] = [];
    for (let r = 0; r < 14; r++) if (!(flat(row(r) | (row(r + 1) << 16), 4) && flat(row(r + 2), 2))) out.push(`${r}:${row(r)}:${row(r + 1)}:${row(r + 2)}`);
    return out;
  };

  /** Which stored fingerprints are keyed: all (whole + 26 crops), the whole only, or a subset of crop levels. */
  type Stored = 'all' | 'whole' | 'half';
  const storedOf = (fps: readonly string[], s: Stored) => (s === 'all' ? fps : s === 'whole' ? fps.slice(0, 1) : fps.filter((_, i) => i === 0 || [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26].includes(i)));
  const workKeys = (fps: readonly string[], s: Stored, f: KeyFn) => new Set(storedOf(fps, s).flatMap((h) => f(hexToWords(h))));
  function queryKeys(q: Query, f: KeyFn): Set<string> {
    if (q.quality < MIN_QUALITY) return new Set();
    // The matcher's own probes, as the registry's queryKeys.
    return new Set(probes(q).flatMap((p) => f(p.words)));
  }

  const license = { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false };
  const local = new Matcher({ creators: [{ id: 'c', source: 'own', name: 'B' }], models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license, licensees: [] }], works });
  const localFinds = variants.map((v) => new Set([...local.nearest(v.q).keys()].map((w) => local.packed.workIds[w]!)));

  /** Stop keys: keys of the whole-image fingerprints of the even-numbered distractors seen in at least STOP images (a stand-in for what a builder counts over its own works); unrelated figures then use the odd-numbered ones only. */
  const STOP = 3;
  function stopKeys(f: KeyFn): Set<string> {
    const seen = new Map<string, number>();
    distractors.forEach((d, i) => {
      if (i % 2 || d.q.quality < MIN_QUALITY) return;
      for (const k of new Set(f(hexToWords(d.q.fingerprint)))) seen.set(k, (seen.get(k) ?? 0) + 1);
    });
    return new Set([...seen].filter(([, n]) => n >= STOP).map(([k]) => k));
  }
  const schemes: [string, KeyFn, Stored, boolean][] = [
    ['word32 all fps (shipped)', word32, 'all', false],
    ['word32 all fps, stop keys', word32, 'all', true],
    ['word32 whole + 13 crops', word32, 'half', false],
    ['word32 whole only', word32, 'whole', false],
    ['pair64 overlapping, all fps', pair64, 'all', false],
    ['pair64 disjoint (MIH 4x64), all fps', pair64d, 'all', false],
    ['pair64 disjoint, all fps, stop keys', pair64d, 'all', true],
    ['pair64 disjoint, whole only', pair64d, 'whole', false],
    ['rows48 all fps', rows48, 'all', false],
  ];
  const group = (name: string) =>
    /crop/.test(name) ? 'crops' : /rotat/.test(name) ? 'rotations' : /outpaint|extend/.test(name) ? 'outpainted' : /border|replaced|watermark/.test(name) ? 'borders, edits' : 'global (colour, scale, codec, flips)';
  const out = [];
  for (const [name, f0, stored, stops] of schemes) {
    const stop = stops ? stopKeys(f0) : new Set<string>();
    const f: KeyFn = (w) => f0(w).filter((k) => !stop.has(k));
    const wk = works.map((w) => workKeys(w.fingerprints, stored, f));
    const byId = new Map(works.map((w, i) => [w.id, wk[i]!]));
    const rows = new Map<string, { found: number; keyed: number }>();
    let worst = { name: '', pct: 100 };
    const perName = new Map<string, { found: number; keyed: number }>();
    variants.forEach((v, i) => {
      if (!localFinds[i]!.has(v.id)) return;
      const qk = queryKeys(v.q, f);
      const own = byId.get(v.id)!;
      const hit = [...qk].some((k) => own.has(k));
      for (const [m, key] of [[rows, group(v.name)], [perName, `${v.set === 'portraits' ? '[p] ' : ''}${v.name}`]] as const) {
        const r = m.get(key) ?? { found: 0, keyed: 0 };
        r.found++;
        if (hit) r.keyed++;
        m.set(key, r);
      }
    });
    for (const [n, r] of perName) if ((100 * r.keyed) / r.found < worst.pct) worst = { name: n, pct: +((100 * r.keyed) / r.found).toFixed(1) };
    const rowsAtFull = [...perName.values()].filter((r) => r.keyed === r.found).length;
    // Unrelated pairs: a distractor query against a registered work (crop keys included as stored).
    let pairs = 0;
    let shared = 0;
    let qkeys = 0;
    // With stop keys, the even-numbered distractors chose them: only the others are unrelated queries.
    const dk = distractors.map((d, i) => (stops && i % 2 === 0 ? new Set<string>() : queryKeys(d.q, f)));
    const photos = distractors.map((d) => /\.jpe?g$/i.test(d.label.replace(/ on .*/, '')));
    let photoPairs = 0;
    let photoShared = 0;
    dk.forEach((q, i) => {
      if (!photos[i] || !q.size) return;
      for (const w of wk) {
        photoPairs++;
        if ([...q].some((k) => w.has(k))) photoShared++;
      }
    });
    for (const q of dk) {
      qkeys += q.size;
      if (!q.size) continue;
      for (const w of wk) {
        pairs++;
        for (const k of q) if (w.has(k)) {
          shared++;
          break;
        }
      }
    }
    // Whole-image keys of distractors against each other (images of different base files): more pairs for rare keys.
    const base = distractors.map((d) => d.label.replace(/ on .*/, ''));
    const wholeKeys = distractors.map((d) => new Set(d.q.quality < MIN_QUALITY ? [] : f(hexToWords(d.q.fingerprint))));
    const owners = new Map<string, number[]>();
    wholeKeys.forEach((s, i) => s.forEach((k) => owners.set(k, [...(owners.get(k) ?? []), i])));
    let ddShared = 0;
    const n = distractors.length;
    let ddPairs = 0;
    dk.forEach((q, i) => {
      if (!q.size) return;
      ddPairs += n - 1;
      const hit = new Set<number>();
      for (const k of q) for (const j of owners.get(k) ?? []) if (j !== i && base[j] !== base[i]) hit.add(j);
      ddShared += hit.size;
    });
    const keysPerWork = wk.reduce((s, w) => s + w.size, 0) / wk.length;
    out.push({
      scheme: name,
      keysPerWork: +keysPerWork.toFixed(1),
      queryKeys: +(qkeys / Math.max(1, dk.length)).toFixed(1),
      keyedOfFound: Object.fromEntries([...rows].map(([g, r]) => [g, +((100 * r.keyed) / r.found).toFixed(1)])),
      rowsAt100: `${rowsAtFull}/${perName.size}`,
      worstRow: worst,
      unrelatedWorkShare: pairs ? +(shared / pairs).toExponential(2) : null,
      unrelatedPhotoWorkShare: photoPairs ? +(photoShared / photoPairs).toExponential(2) : null,
      unrelatedWholeShare: +(ddShared / ddPairs).toExponential(2),
      // An unmatched image causes no request when none of its keys is registered (exp(-works x share)) and none passes the filter falsely (2^-12 a key).
      noRequestPct: Object.fromEntries([1e6, 1e7, 1e8].map((fps) => [fps, +(100 * Math.exp(-(fps / 27) * (shared / Math.max(1, pairs))) * (1 - 2 ** -12) ** (qkeys / Math.max(1, dk.filter((q) => q.size).length))).toPrecision(3)])),
      summaryMBat100M: Math.round(((1e8 / 27) * keysPerWork * 1.125 * 12) / 8 / 1e6 + 32),
    });
  }
  return { works: works.length, variants: variants.length, distractors: distractors.length, schemes: out };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(keySchemes(), null, 1));
