/**
 * `npx tsx bench/registry-keys.ts` (docs/registry.md, issue 21): key schemes for the registry compared on real
 * images, without building a registry (schemes: bench/registry-key-schemes.ts). Per scheme: keys per work (what the
 * local summary grows with), the query's keys (what requests could reveal), the share of altered copies the local
 * list finds that also share a key with their own work (the registry can only return a work a key leads to: an
 * upper bound of agreement), and how often an unrelated real image shares a key with a registered work (what makes
 * unmatched images cause requests at scale): against the 78 registered works, and in the larger pool of every
 * unrelated image against every other one keyed as a work. Reads BENCH_REPLAY_DIR (robustness-record).
 */
import { existsSync, readFileSync } from 'node:fs';
import { Matcher, MIN_QUALITY, type Query } from '../src/lib/match/index.js';
import type { Work } from '../src/lib/types.js';
import { fromBase64url, toBase64url } from '../src/lib/base64url.js';
import { type Keys, type Scheme, SCHEMES } from './registry-key-schemes.js';

const DIR = process.env.BENCH_REPLAY_DIR ?? '/tmp/license-lens-replay';
/** Works at 100M fingerprints (27 a work) and the filter's false-positive rate a key (fuse, 12 bits). */
const WORKS_100M = 1e8 / 27;
const FILTER_FP = 2 ** -12;

const group = (name: string) =>
  /crop/.test(name) ? 'crops' : /rotat/.test(name) ? 'rotations' : /outpaint|extend/.test(name) ? 'outpainted' : /border|replaced|watermark/.test(name) ? 'borders, edits' : 'global (colour, scale, codec, flips)';
/** A 16x16 grid doubled to 32x32: sampled at the 16x16 cell centres it gives the grid back. */
const doubled = (g: Uint8Array) => Uint8Array.from({ length: 1024 }, (_, k) => g[((k >> 6) << 4) + ((k & 31) >> 1)]!);
const meets = (q: Keys, w: Keys) => {
  for (const k of q) if (w.has(k)) return true;
  return false;
};

export function keySchemes() {
  if (!existsSync(`${DIR}/works.json`)) return null;
  const { works, variants } = JSON.parse(readFileSync(`${DIR}/works.json`, 'utf8')) as { works: (Work & { set: string })[]; variants: { name: string; id: string; set: string; q: Query }[] };
  const distractors = (existsSync(`${DIR}/distractors.json`) ? JSON.parse(readFileSync(`${DIR}/distractors.json`, 'utf8')) : []) as { label: string; q: Query }[];
  const license = { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false };
  const local = new Matcher({ creators: [{ id: 'c', source: 'own', name: 'B' }], models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license, licensees: [] }], works });
  const localFinds = variants.map((v) => new Set([...local.nearest(v.q).keys()].map((w) => local.packed.workIds[w]!)));
  const base = distractors.map((d) => d.label.replace(/ on .*/, ''));
  // "Unrelated" excludes pairs the local matcher matches: such an image does match a registered work, and a request for it is right (the corpus holds edits of one image under several names, e.g. GIMP's blur demos).
  const matchedWorks = distractors.map((d) => new Set([...local.nearest(d.q).keys()].map((w) => local.packed.workIds[w]!)));
  // The same for the pool, with every unrelated image registered as a work: its whole fingerprint, its 16x16 grid doubled to the 32x32 detail thumbnail (sampled back, the same grid).
  const pool = new Matcher({ creators: [{ id: 'c', source: 'own', name: 'B' }], models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license, licensees: [] }], works: distractors.map((d, j) => ({ id: String(j), source: 'own', modelId: 'm', fingerprints: [d.q.fingerprint], ...(d.q.detail ? { detail: toBase64url(doubled(fromBase64url(d.q.detail))) } : {}), addedAt: '' })) });
  const poolMatched = new Map<number, Set<number>>();
  const poolRelated = (i: number, j: number) => {
    let m = poolMatched.get(i);
    if (!m) poolMatched.set(i, (m = new Set([...pool.nearest(distractors[i]!.q).keys()].map((w) => Number(pool.packed.workIds[w])))));
    return m.has(j);
  };
  const photos = base.map((b) => /\.jpe?g$/i.test(b));
  const only = new RegExp(process.env.SCHEME ?? '.');
  return { works: works.length, variants: variants.length, distractors: distractors.length, schemes: SCHEMES.filter((s) => only.test(s.name)).map((s) => evaluate(s)) };

  function evaluate(s: Scheme) {
    /** Stop keys: keys of the even-numbered unrelated images seen in at least 3 of them (a stand-in for what a builder counts over its own works); the unrelated figures then use the odd-numbered ones only. */
    const stop = new Set<string | number>();
    if (s.stops) {
      const seen = new Map<string | number, number>();
      distractors.forEach((d, i) => i % 2 || d.q.quality < MIN_QUALITY || s.asWork(d.q).forEach((k) => seen.set(k, (seen.get(k) ?? 0) + 1)));
      for (const [k, n] of seen) if (n >= 3) stop.add(k);
    }
    const drop = (ks: Keys): Keys => (stop.size ? new Set([...ks].filter((k) => !stop.has(k))) : ks);
    const wk = works.map((w) => drop(s.work(w)));
    const byId = new Map(works.map((w, i) => [w.id, wk[i]!]));
    const rows = new Map<string, { found: number; keyed: number }>();
    const perName = new Map<string, { found: number; keyed: number }>();
    variants.forEach((v, i) => {
      if (!localFinds[i]!.has(v.id)) return;
      const hit = meets(drop(s.query(v.q)), byId.get(v.id)!);
      for (const [m, key] of [[rows, group(v.name)], [perName, `${v.set === 'portraits' ? '[p] ' : ''}${v.name}`]] as const) {
        const r = m.get(key) ?? { found: 0, keyed: 0 };
        r.found++;
        if (hit) r.keyed++;
        m.set(key, r);
      }
    });
    let worst = { name: '', pct: 100 };
    for (const [n, r] of perName) if ((100 * r.keyed) / r.found < worst.pct) worst = { name: n, pct: +((100 * r.keyed) / r.found).toFixed(1) };
    // Unrelated images against the registered works (with stop keys, the even-numbered ones chose them: only the others count).
    const used = distractors.map((_, i) => !(s.stops && i % 2 === 0));
    const dk = distractors.map((d, i) => (used[i] ? drop(s.query(d.q)) : new Set<string | number>()));
    const tally = { pairs: 0, shared: 0, photoPairs: 0, photoShared: 0, keys: 0, keyed: 0 };
    dk.forEach((q, i) => {
      if (!used[i]) return;
      tally.keys += q.size;
      if (!q.size) return;
      tally.keyed++;
      for (const [j, w] of wk.entries()) {
        if (matchedWorks[i]!.has(works[j]!.id)) continue;
        const hit = meets(q, w) ? 1 : 0;
        tally.pairs++;
        tally.shared += hit;
        if (photos[i]) {
          tally.photoPairs++;
          tally.photoShared += hit;
        }
      }
    });
    // The pool: every unrelated image keyed as a work (asWork) against every other one's query, other base images only.
    const owners = new Map<string | number, number[]>();
    const asWork = distractors.map((d) => drop(s.asWork(d.q)));
    asWork.forEach((ks, j) => ks.forEach((k) => owners.set(k, [...(owners.get(k) ?? []), j])));
    const keyedPerBase = new Map<string, number>();
    asWork.forEach((ks, j) => ks.size && keyedPerBase.set(base[j]!, (keyedPerBase.get(base[j]!) ?? 0) + 1));
    const keyedWorks = asWork.filter((ks) => ks.size).length;
    let poolPairs = 0;
    let poolShared = 0;
    let photoPoolPairs = 0;
    let photoPoolShared = 0;
    const keyedPhotos = asWork.filter((ks, j) => ks.size && photos[j]).length;
    let poolRelatedHits = 0;
    dk.forEach((q, i) => {
      if (!q.size) return;
      poolPairs += keyedWorks - (keyedPerBase.get(base[i]!) ?? 0);
      const hit = new Set<number>();
      for (const k of q) for (const j of owners.get(k) ?? []) if (base[j] !== base[i]) hit.add(j);
      for (const j of hit) {
        if (!poolRelated(i, j)) continue;
        poolPairs--;
        poolRelatedHits++;
      }
      const unrelated = [...hit].filter((j) => !poolMatched.get(i)?.has(j));
      poolShared += unrelated.length;
      if (photos[i]) {
        photoPoolPairs += keyedPhotos - (asWork[i]!.size ? 1 : 0);
        photoPoolShared += unrelated.filter((j) => photos[j]).length;
      }
    });
    const keysPerWork = wk.reduce((a, w) => a + w.size, 0) / wk.length;
    const queryKeys = tally.keys / Math.max(1, used.filter(Boolean).length);
    return {
      scheme: s.name,
      keysPerWork: +keysPerWork.toFixed(1),
      queryKeys: +queryKeys.toFixed(1),
      keyedOfFound: Object.fromEntries([...rows].map(([g, r]) => [g, +((100 * r.keyed) / r.found).toFixed(1)])),
      rowsAt100: `${[...perName.values()].filter((r) => r.keyed === r.found).length}/${perName.size}`,
      worstRow: worst,
      unrelatedWorkShare: tally.pairs ? +(tally.shared / tally.pairs).toExponential(2) : null,
      unrelatedPhotoWorkShare: tally.photoPairs ? +(tally.photoShared / tally.photoPairs).toExponential(2) : null,
      pool: { pairs: poolPairs, shared: poolShared, matchedLocally: poolRelatedHits, share: +(poolShared / Math.max(1, poolPairs)).toExponential(2), photoPairs: photoPoolPairs, photoShared: photoPoolShared },
      /** Share of keyed unrelated queries, and the filter's false positives over their keys: what no-request at 100M also pays. */
      filterPass: +(1 - (1 - FILTER_FP) ** (tally.keys / Math.max(1, tally.keyed))).toExponential(2),
      /** From the pool's rate (the larger sample): (1 - p)^3.7M x (1 - 2^-12)^query keys. */
      noRequestAt100M: +(100 * noRequestAt100M(poolPairs ? poolShared / poolPairs : tally.shared / Math.max(1, tally.pairs), 1 - (1 - FILTER_FP) ** (tally.keys / Math.max(1, tally.keyed)))).toPrecision(3),
      summaryMBat100M: Math.round((WORKS_100M * keysPerWork * 1.125 * 12) / 8 / 1e6 + 32),
    };
  }
}

/** No request at 100M for an unmatched image: (1 - p)^works x (1 - 2^-12)^query keys, p the rate of unrelated (image, work) pairs that share a key. */
export function noRequestAt100M(p: number, filterPass: number): number {
  return (1 - p) ** WORKS_100M * (1 - filterPass);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = keySchemes();
  console.log(JSON.stringify(r, null, 1));
}
