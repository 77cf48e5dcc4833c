/**
 * `npx tsx bench/rotated-misses.ts`: why turned copies (bench:robustness's rotated variants) are missed. Per copy of
 * every registered work and portrait the matcher misses: whether the work is a candidate (hash match, hash or word
 * candidate, detail key), its nearest key distance by kind (plain, flat-corner, turned), and its rotated score; then
 * how many other works each kind of key brings within KEY_MAX (what a key costs in verification). Two bounds per
 * miss: `full-res`, the rotated score at the best framing's angle with the work's 256x256 luminance in place of its
 * 32x32 thumbnail (box-sampled; what the stored thumbnail loses), and `turned back`, the Hamming distance of the page
 * turned back by ±5 degrees (and cut to the work on a canvas holding all of it) to the nearest of the work's stored
 * fingerprints, and that of the query's own turned hash probes (Query.turned, turned-hash.ts; '-' when the page's corners
 * hold no flat fill). BENCH_VARIANTS (regex, default "±5°") picks the variants;
 * BENCH_LIMIT the works.
 */
import sharp from 'sharp';
import { readdirSync } from 'node:fs';
import { Matcher } from '../src/lib/match/matcher.js';
import { queryOf } from '../src/lib/match/hash/query.js';
import type { RegistryContent } from '../src/lib/types.js';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { detailQueryOf, KEY_MAX } from '../src/lib/match/detail/detail-verify.js';
import { keyDistance, KEY_WORDS } from '../src/lib/match/detail/detail-key.js';
import { hammingHex } from '../src/lib/match/hash/bits.js';
import { maskedCorrelation } from '../src/lib/match/detail/masked-score.js';
import { ringlessKeys } from '../src/lib/match/detail/rotate/flat-corners.js';
import { turnedKeys } from '../src/lib/match/detail/rotate/turned-keys.js';
import { verifyRotated } from '../src/lib/match/detail/rotate/detail-rotate.js';
import { pageAspectOf } from '../src/lib/match/detail/detail-geometry.js';
import { fromBase64url } from '../src/lib/base64url.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../src/node/decode.js';
import { makePortraits } from './lib/portraits.js';
import { GEOMETRY_VARIANTS } from './lib/geometry-variants.js';
import { requireShared, SHARED_DIR } from './shared.js';

requireShared('rotated-misses');
const LIMIT = Number(process.env.BENCH_LIMIT ?? Infinity);
const ONLY = new RegExp(process.env.BENCH_VARIANTS ?? '±5°');
const worksDir = `${SHARED_DIR}corpus/works/`;
const distDir = `${SHARED_DIR}corpus/distractors/`;
const workFiles = readdirSync(worksDir).filter((f) => f.endsWith('.jpg')).sort();
const registered = workFiles.filter((_, i) => i % 2 === 0).slice(0, LIMIT);
const unregistered = workFiles.filter((_, i) => i % 2 === 1);
const pngs = readdirSync(distDir).sort().map((f) => distDir + f).filter((f) => f.endsWith('.png'));
const portraits = await makePortraits(pngs, Math.min(24, LIMIT), worksDir + unregistered[0]!);
const items = [...registered.map((f) => ({ id: f, bytes: null as Buffer | null })), ...portraits.map((p) => ({ id: p.id, bytes: p.bytes as Buffer | null }))];
const bytesOf = async (it: (typeof items)[number]) => it.bytes ?? (await sharp(worksDir + it.id).toBuffer());

const content: RegistryContent = {
  creators: [{ id: 'c', source: 'own', name: 'Bench' }],
  models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
  works: [],
};
for (const it of items) {
  const print = workFingerprints(await decodeFull(await bytesOf(it)));
  content.works.push({ id: it.id, source: 'own', modelId: 'm', fingerprints: print.fingerprints, detail: print.detail, addedAt: '' });
}
const m = new Matcher(content);

/**
 * The rotated score with the work's 256x256 luminance (`hi`) in place of the thumbnail, each query cell the mean of
 * 16x16 points (about one per pixel: fewer alias on a text page): the best of the three framings (detail-rotate.ts
 * rotatedGrid's geometry) at `angle`.
 */
function fullResScore(luma: Float32Array, hi: Buffer, aspect: number, angle: number): number {
  const n = 16;
  const t = (angle * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const [as, ac] = [Math.abs(s), Math.abs(c)];
  const at = (x: number, y: number) => hi[Math.min(255, Math.max(0, Math.floor(y * 256))) * 256 + Math.min(255, Math.max(0, Math.floor(x * 256)))]!;
  let best = -1;
  for (const framing of ['whole', 'same', 'fit']) {
    const k = framing === 'fit' ? Math.min(aspect / (aspect * ac + as), 1 / (aspect * as + ac)) : 1;
    const W = framing === 'whole' ? aspect * ac + as : aspect * k;
    const H = framing === 'whole' ? aspect * as + ac : k;
    const work = (fi: number, fj: number) => {
      const [u, v] = [(fi / n - 0.5) * W, (fj / n - 0.5) * H];
      return [(c * u + s * v) / aspect + 0.5, -s * u + c * v + 0.5] as const;
    };
    const model = new Float32Array(n * n);
    const mask = new Uint8Array(n * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const [x, y] = work(i + 0.5, j + 0.5);
        if (x < 0.5 / n || y < 0.5 / n || x > 1 - 0.5 / n || y > 1 - 0.5 / n) continue;
        mask[j * n + i] = 1;
        let sum = 0;
        for (let b = 0; b < 16; b++) for (let a = 0; a < 16; a++) sum += at(...work(i + (a + 0.5) / 16, j + (b + 0.5) / 16));
        model[j * n + i] = sum / 256;
      }
    }
    best = Math.max(best, maskedCorrelation(luma, model, mask, n));
  }
  return best;
}

/** The page turned back by ±5 degrees and cut to a work of `w` x `h` in its middle: its nearest distance to `fps`. */
async function turnedBack(page: Buffer, w: number, h: number, fps: readonly string[]): Promise<number> {
  let best = 256;
  for (const angle of [-5, 5]) {
    const r = await sharp(page).rotate(angle, { background: '#808080' }).png().toBuffer({ resolveWithObject: true });
    const cut = await sharp(r.data).extract({ left: Math.max(0, Math.round((r.info.width - w) / 2)), top: Math.max(0, Math.round((r.info.height - h) / 2)), width: Math.min(w, r.info.width), height: Math.min(h, r.info.height) }).png().toBuffer();
    const fp = queryOf(await decodeForHash(cut)).fingerprint;
    best = Math.min(best, ...fps.map((f) => hammingHex(f, fp)));
  }
  return best;
}
const keys = m.packed.detailKeys;
/** The matcher's work index of each item (the registry is packed in id order). */
const at = items.map((it) => m.packed.workIds.indexOf(it.id));
const nearestKey = (qk: readonly Uint32Array[], w: number) => Math.min(1, ...qk.map((k) => keyDistance(k, keys, w * 2 * KEY_WORDS)));
/** Other works within KEY_MAX, per key kind, summed over copies. */
const others = { plain: 0, ringless: 0, turned: 0 };
let copies = 0;
const f2 = (x: number) => x.toFixed(2);
for (const v of GEOMETRY_VARIANTS.filter((x) => ONLY.test(x.name))) {
  let found = 0;
  let turnedNear = 0;
  const turnedOwn: number[] = [];
  for (const [seed, it] of items.entries()) {
    const i = at[seed]!;
    const src = await bytesOf(it);
    const { width, height } = await sharp(src).metadata();
    const bytes = await v.make(src, width!, height!, seed);
    const q = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
    const dq = q.detail ? detailQueryOf(q.detail) : null;
    const hit = m.nearest(q).has(i);
    copies++;
    if (hit) found++;
    if (!dq) {
      if (!hit) console.log(`  miss ${v.name} | ${it.id}: no detail`);
      continue;
    }
    const aspect = pageAspectOf(q.size);
    const kinds = { plain: dq.keys, ringless: ringlessKeys(dq.luma), turned: turnedKeys(dq.luma, aspect) };
    for (const [kind, qk] of Object.entries(kinds) as [keyof typeof others, Uint32Array[]][]) {
      for (let w = 0; w < items.length; w++) if (w !== i && nearestKey(qk, w) <= KEY_MAX) others[kind]++;
    }
    if (nearestKey(kinds.turned, i) <= KEY_MAX) turnedNear++;
    turnedOwn.push(nearestKey(kinds.turned, i));
    if (hit) continue;
    const p = m.prepare(q);
    const thumb = fromBase64url(content.works[seed]!.detail!);
    const rot = verifyRotated(dq.luma, thumb, aspect);
    const hi = await sharp(src).flatten({ background: '#ffffff' }).resize(256, 256, { fit: 'fill' }).greyscale().raw().toBuffer();
    const full = fullResScore(dq.luma, hi, width! / height!, rot.angle);
    const back = await turnedBack(bytes, width!, height!, content.works[seed]!.fingerprints);
    const probe = q.turned ? Math.min(...q.turned.flatMap((t) => content.works[seed]!.fingerprints.map((f) => hammingHex(f, t)))) : '-';
    const where = [p.best.has(i) ? 'hash match (refused)' : '', p.loose.has(i) ? `loose ${p.loose.get(i)}` : '', p.keyed.has(i) ? `keyed ${f2(p.keyed.get(i)!)}` : ''].filter(Boolean).join(', ') || 'no candidate';
    console.log(`  miss ${v.name} | ${it.id}: ${where}; keys plain ${f2(nearestKey(kinds.plain, i))} ringless ${kinds.ringless.length ? f2(nearestKey(kinds.ringless, i)) : '-'} turned ${f2(nearestKey(kinds.turned, i))}; rotated ${f2(rot.score)} at ${rot.angle}° (full-res ${f2(full)}); turned back ${back} bits (probe ${probe})`);
  }
  console.log(`${v.name.padEnd(32)} found ${found}/${items.length}, turned key within KEY_MAX ${turnedNear}/${items.length}, its distance by copy: ${turnedOwn.sort((a, b) => a - b).map(f2).join(' ')}`);
}
console.log(`other works within KEY_MAX per copy: plain ${f2(others.plain / copies)}, flat-corner ${f2(others.ringless / copies)}, turned ${f2(others.turned / copies)} (${copies} copies, ${items.length - 1} other works)`);
