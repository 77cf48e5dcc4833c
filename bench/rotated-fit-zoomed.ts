/**
 * `npx tsx bench/rotated-fit-zoomed.ts`: the copies turned 5 degrees and cropped to fit that bench:robustness misses
 * (w0063, w0112, w0116): the rotated score as verified (detail-rotate.ts), and that of a framing turned *and* zoomed
 * (angle 4-6 degrees, zoom 0.85-1.05 of the crop to fit) sampling the stored 32x32 thumbnail itself by area (4x4
 * points a query cell) instead of its 2x2 means; with the best such score of other works (OTHERS, default 12) against
 * the same copy. Measures whether any verification from the stored thumbnail could score them.
 */
import sharp from 'sharp';
import { readdirSync } from 'node:fs';
import { queryOf } from '../src/lib/match/hash/query.js';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { detailQueryOf } from '../src/lib/match/detail/detail-verify.js';
import { verifyRotated } from '../src/lib/match/detail/rotate/detail-rotate.js';
import { maskedCorrelation } from '../src/lib/match/detail/masked-score.js';
import { pageAspectOf } from '../src/lib/match/detail/detail-geometry.js';
import { fromBase64url } from '../src/lib/base64url.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../src/node/decode.js';
import { GEOMETRY_VARIANTS } from './lib/geometry-variants.js';
import { requireShared, SHARED_DIR } from './shared.js';

requireShared('rotated-fit-zoomed');
const dir = `${SHARED_DIR}corpus/works/`;
const files = readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort();
const registered = files.filter((_, i) => i % 2 === 0);
const v = GEOMETRY_VARIANTS.find((x) => x.name === 'rotate ±5° cropped to fit')!;
const M = 32, N = 16;
function zoomed(luma: Float32Array, thumb: Uint8Array, aspect: number, angle: number, zoom: number): number {
  const t = (angle * Math.PI) / 180; const [c, s] = [Math.cos(t), Math.sin(t)];
  const k = Math.min(aspect / (aspect * Math.abs(c) + Math.abs(s)), 1 / (aspect * Math.abs(s) + Math.abs(c))) * zoom;
  const [W, H] = [aspect * k, k];
  const at = (x: number, y: number) => { const fx = Math.min(M - 1.001, Math.max(0, x * M - 0.5)), fy = Math.min(M - 1.001, Math.max(0, y * M - 0.5)); const ix = Math.floor(fx), iy = Math.floor(fy), wx = fx - ix, wy = fy - iy, o = iy * M + ix; return (thumb[o]! * (1 - wx) + thumb[o + 1]! * wx) * (1 - wy) + (thumb[o + M]! * (1 - wx) + thumb[o + M + 1]! * wx) * wy; };
  const model = new Float32Array(N * N); const mask = new Uint8Array(N * N).fill(1);
  for (let j = 0; j < N; j++) for (let i = 0; i < N; i++) { let sum = 0; for (let b = 0; b < 4; b++) for (let a = 0; a < 4; a++) { const u = ((i + (a + 0.5) / 4) / N - 0.5) * W, vv = ((j + (b + 0.5) / 4) / N - 0.5) * H; sum += at((c * u + s * vv) / aspect + 0.5, -s * u + c * vv + 0.5); } model[j * N + i] = sum / 16; }
  return maskedCorrelation(luma, model, mask, N);
}
const others = registered.filter((f) => !/w0063|w0112|w0116/.test(f)).slice(0, Number(process.env.OTHERS ?? 12));
const thumbs = new Map<string, Uint8Array>();
for (const f of registered) thumbs.set(f, fromBase64url(workFingerprints(await decodeFull(dir + f)).detail!));
for (const f of ['w0063.jpg', 'w0112.jpg', 'w0116.jpg']) {
  const i = registered.indexOf(f);
  const src = await sharp(dir + f).toBuffer(); const { width, height } = await sharp(src).metadata();
  const bytes = await v.make(src, width!, height!, i);
  const q = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
  const luma = detailQueryOf(q.detail!)!.luma; const aspect = pageAspectOf(q.size)!;
  const best = (thumb: Uint8Array) => { let b = { s: -1, a: 0, z: 0 }; for (const a of [-6, -5.5, -5, -4.5, -4, 4, 4.5, 5, 5.5, 6]) for (const z of [0.85, 0.9, 0.95, 1, 1.05]) { const sc = zoomed(luma, thumb, aspect, a, z); if (sc > b.s) b = { s: sc, a, z }; } return b; };
  const own = best(thumbs.get(f)!);
  const other = Math.max(...others.map((o) => best(thumbs.get(o)!).s));
  console.log(f, `turned ${i % 2 ? -5 : 5}, aspect ${aspect.toFixed(2)}: verified rotated ${verifyRotated(luma, thumbs.get(f)!, aspect).score.toFixed(3)}; turned+zoomed area-sampled ${own.s.toFixed(3)} at ${own.a} deg zoom ${own.z}; best of ${others.length} other works ${other.toFixed(3)}`);
}
