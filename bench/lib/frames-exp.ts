// TEMP experiment: separation of the detail score (true copies vs unrelated images), best over frames.
import { readdirSync } from 'node:fs';
import sharp from 'sharp';
import { frameScore, queryDetail, workDetail, detailEnergy, lumaThumb, type Frame } from '../../src/lib/detail.js';
import { FLIPS } from '../../src/lib/flip.js';
import { decodeForHash } from '../../src/node/decode.js';
import { makePortraits } from './portraits.js';
import { VARIANTS } from './variants.js';
import { SHARED_DIR } from '../shared.js';

const worksDir = `${SHARED_DIR}corpus/works/`;
const distDir = `${SHARED_DIR}corpus/distractors/`;
const workFiles = readdirSync(worksDir).filter((f) => f.endsWith('.jpg')).sort();
const registered = workFiles.filter((_, i) => i % 2 === 0);
const unregistered = workFiles.filter((_, i) => i % 2 === 1);
const dfiles = readdirSync(distDir).sort().map((f) => distDir + f);
const portraits = await makePortraits(dfiles.filter((f) => f.endsWith('.png')), 24, worksDir + unregistered[0]!);
const items = [...await Promise.all(registered.map(async (f) => ({ id: f, bytes: await sharp(worksDir + f).toBuffer() }))), ...portraits.map((p) => ({ id: p.id, bytes: p.bytes }))];
const stored = await Promise.all(items.map(async (it) => workDetail(await decodeForHash(it.bytes))));
const frames: { f: Frame; flip?: (typeof FLIPS)[number] }[] = [{ f: [0, 0, 1, 1] }, ...FLIPS.map((flip) => ({ f: [0, 0, 1, 1] as Frame, flip }))];
for (let c = 0.025; c < 0.23; c += 0.025) {
  frames.push({ f: [c, 0, 1 - c, 1] }, { f: [0, c, 1, 1 - c] }, { f: [0, 0, 1 - c, 1] }, { f: [0, 0, 1, 1 - c] }, { f: [c, c, 1 - 2 * c, 1 - 2 * c] });
}
const best = (q: Float32Array, s: Uint8Array) => { let b = -1, at = 0; frames.forEach((fr, i) => { const v = frameScore(q, s, fr.f, fr.flip); if (v > b) { b = v; at = i; } }); return [b, at] as const; };
const ONLY = process.env.V ? new RegExp(process.env.V) : null;
for (const v of VARIANTS.filter((x) => !ONLY || ONLY.test(x.name))) {
  const scores: string[] = [];
  let low = 0;
  for (const [i, it] of items.entries()) {
    const { width, height } = await sharp(it.bytes).metadata();
    const red = await decodeForHash(await v.make(it.bytes, width!, height!, i));
    const q = queryDetail(red);
    const [b] = best(q, stored[i]!);
    if (b < 0.8) { low++; scores.push(`${it.id.slice(0, 14)}:${b.toFixed(2)}`); }
  }
  console.log(`${v.name}: below 0.8: ${low}/${items.length} ${scores.join(' ')}`);
}
// Unrelated: unregistered works + distractor sample (with composites on gradient), best over every registered item.
const unrel = [...unregistered.map((f) => worksDir + f), ...dfiles.filter((_, i) => i % Number(process.env.STRIDE ?? 6) === 0)];
const top: [number, string][] = [];
for (const file of unrel) {
  const bytes = await sharp(file).toBuffer();
  const meta = await sharp(bytes).metadata();
  const variants = [bytes];
  if (meta.hasAlpha) variants.push(await sharp({ create: { width: meta.width!, height: meta.height!, channels: 3, background: '#2f6fb0' } }).composite([{ input: bytes }]).png().toBuffer());
  for (const b of variants) {
    const red = await decodeForHash(b);
    const q = queryDetail(red);
    const e = detailEnergy(Float32Array.from(lumaThumb(red, 16)));
    stored.forEach((s, i) => { const [sc, at] = best(q, s); top.push([sc, `${file.slice(SHARED_DIR.length)} -> ${items[i]!.id} frame ${at} energy ${e.toFixed(1)}`]); });
  }
  top.sort((a, b) => b[0] - a[0]); top.length = Math.min(top.length, 30);
}
console.log(`unrelated images ${unrel.length}; top scores:`);
for (const [s, l] of top) console.log(s.toFixed(3), l);
