/**
 * The floor under any registry summary's "no request" rate: how often a real image that matches nothing has a
 * registered work near it by the matcher's own relations, whatever the summary. Every unrelated image of the replay
 * (BENCH_REPLAY_DIR's distractors.json, from `bench/robustness-record.ts`; `V='^none$'` records only what this needs)
 * against the 78 registered works (works.json, every stored fingerprint, crops included): the works within the match
 * radius of its fingerprint on a stored one (what a summary that held every fingerprint exactly would have to
 * verify), and the works the local matcher names for verification (`Prepared.needs`: hash, word, detail-key and fit
 * candidates, whose thumbnails a registry client must fetch). Per-work rates, then the share of unrelated images with
 * no such work at the registries' sizes (27 fingerprints a work), assuming independent works:
 * `BENCH_REPLAY_DIR=<dir> npx tsx bench/registry-floor.ts`.
 */
import { readFileSync } from 'node:fs';
import { HASH_WORDS, hexToWords, popcount32, type Query } from '../src/lib/match/index.js';
import { Matcher } from '../src/lib/match/matcher.js';
import { MATCH_THRESHOLD } from '../src/lib/match/indexing/fingerprint-index.js';
import { DEFAULT_KEY_PLAN, queryKeys } from '../src/lib/registry/index.js';
import { fromBase64url } from '../src/lib/base64url.js';
import { mulberry } from './lib/variants.js';
import { requireShared } from './shared.js';

const DIR = process.env.BENCH_REPLAY_DIR ?? '/tmp/license-lens-replay';
requireShared('registry-floor');
type Work = { id: string; fingerprints: string[] };
const { works } = JSON.parse(readFileSync(`${DIR}/works.json`, 'utf8')) as { works: Work[] };
const pool = (JSON.parse(readFileSync(`${DIR}/distractors.json`, 'utf8')) as { label: string; q: Query }[]).filter((d) => d.q.quality >= 0);
const content = { creators: [{ id: 'c', source: 'own', name: 'B' }], models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }], works };
const m = new Matcher(content as never);
const stored = works.map((w) => w.fingerprints.map((f) => hexToWords(f)));
const distance = (a: Uint32Array, b: Uint32Array) => {
  let d = 0;
  for (let t = 0; t < HASH_WORDS; t++) d += popcount32((a[t]! ^ b[t]!) >>> 0);
  return d;
};

const keyed = (q: Query) => queryKeys(q, DEFAULT_KEY_PLAN).length > 0;
const fps = pool.map((d) => hexToWords(d.q.fingerprint));

// A. Against the 78 registered works, every stored fingerprint (crops included).
let matched = 0;
let asked = 0;
const anyOf = { match: 0, needs: 0 };
pool.forEach((d, i) => {
  if (!keyed(d.q)) return; // a registry client sends nothing for an image without a key (plain, low quality)
  if (m.match(d.q, '').length) return void matched++; // a false match: none on main (bench:robustness)
  asked++;
  anyOf.match += +stored.some((fs) => fs.some((f) => distance(fps[i]!, f) <= MATCH_THRESHOLD));
  anyOf.needs += +(m.prepare(d.q).needs.length > 0);
});

// B. The unrelated images as a registry of their whole fingerprints, grown: the share of the others with one within the
// match radius. Pairs of one source file (on two backdrops) and pairs whose 16x16 details correlate at 0.9 or more
// (one picture shipped twice) are not unrelated and are left out.
const ids = pool.map((_, i) => i).filter((i) => keyed(pool[i]!.q));
const source = pool.map((d) => d.label.split(' on ')[0]!);
const luma = pool.map((d) => Float64Array.from(fromBase64url(d.q.detail ?? '')));
const correlation = (a: Float64Array, b: Float64Array) => {
  if (a.length !== 256 || b.length !== 256) return 0;
  let [sa, sb, saa, sbb, sab] = [0, 0, 0, 0, 0];
  for (let k = 0; k < 256; k++) [sa, sb, saa, sbb, sab] = [sa + a[k]!, sb + b[k]!, saa + a[k]! * a[k]!, sbb + b[k]! * b[k]!, sab + a[k]! * b[k]!];
  const va = saa - (sa * sa) / 256;
  const vb = sbb - (sb * sb) / 256;
  return va > 0 && vb > 0 ? (sab - (sa * sb) / 256) / Math.sqrt(va * vb) : 1;
};
const near = new Map<number, number[]>(ids.map((i) => [i, []]));
let sameLeftOut = 0;
for (let a = 0; a < ids.length; a++) for (let b = a + 1; b < ids.length; b++) {
  const [i, j] = [ids[a]!, ids[b]!];
  if (source[i] === source[j] || distance(fps[i]!, fps[j]!) > MATCH_THRESHOLD) continue;
  if (correlation(luma[i]!, luma[j]!) >= 0.9) { sameLeftOut++; continue; }
  near.get(i)!.push(j);
  near.get(j)!.push(i);
}
const rnd = mulberry(7);
const photo = (i: number) => /\.jpe?g$/i.test(source[i]!);
const growth = [78, 300, 1000, 3000].filter((size) => size < ids.length).map((size) => {
  const hit = [0, 0];
  const seen = [0, 0];
  for (let rep = 0; rep < 5; rep++) {
    const registry = new Set<number>();
    while (registry.size < size) registry.add(ids[Math.floor(rnd() * ids.length)]!);
    for (const i of ids) if (!registry.has(i)) {
      const k = +photo(i);
      seen[k]!++;
      hit[k]! += +near.get(i)!.some((j) => registry.has(j));
    }
  }
  const pct = (h: number, n: number) => `${((100 * (n - h)) / n).toFixed(1)}%`;
  return { works: size, noNearOne: pct(hit[0]! + hit[1]!, seen[0]! + seen[1]!), photosNoNearOne: pct(hit[1]!, seen[1]!) };
});
const pct = (n: number) => `${((100 * (asked - n)) / asked).toFixed(1)}%`;
console.log(JSON.stringify({
  unrelatedImages: pool.length,
  keyed: asked,
  falseMatchesLeftOut: matched,
  against78Works: { noWorkWithinMatchRadius: pct(anyOf.match), noneNamedForVerification: pct(anyOf.needs) },
  pool: { images: ids.length, photos: ids.filter(photo).length, pairsOfOnePictureLeftOut: sameLeftOut, growth },
}, null, 1));
