/**
 * `npm run bench:drift`: how far the shipped fingerprint (a 256x256 reduced copy) drifts from blockhash on the
 * full-resolution pixels, over every image in ../shared/corpus/works, and what the reduction saves in time.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { hammingHex } from '../src/lib/match/hash/bits.js';
import { blockhashExact, fingerprint } from '../src/lib/match/hash/fingerprint.js';
import { decodeForHash, decodeFull } from '../src/node/decode.js';
import { requireShared, SHARED_DIR } from './shared.js';

requireShared('bench:drift');
const dir = `${SHARED_DIR}corpus/works/`;
const files = readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort();
const drift = { core: [] as number[], sharp: [] as number[] };
let fullMs = 0;
let reducedMs = 0;
let megapixels = 0;
for (const f of files) {
  const px = await decodeFull(dir + f);
  megapixels += (px.width * px.height) / 1e6;
  let t = performance.now();
  const full = blockhashExact(px);
  fullMs += performance.now() - t;
  drift.core.push(hammingHex(full, fingerprint(px)));
  const small = await decodeForHash(dir + f);
  t = performance.now();
  const shipped = blockhashExact(small);
  reducedMs += performance.now() - t;
  drift.sharp.push(hammingHex(full, shipped));
}
const stats = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1]!, mean: +(s.reduce((x, y) => x + y, 0) / s.length).toFixed(2) };
};
const result = {
  images: files.length,
  megapixels: +megapixels.toFixed(1),
  driftBitsPureCoreReduction: stats(drift.core),
  driftBitsSharpReduction: stats(drift.sharp),
  fullResolutionBlockhashMsPerImage: +(fullMs / files.length).toFixed(2),
  reducedBlockhashMsPerImage: +(reducedMs / files.length).toFixed(3),
  speedup: +(fullMs / reducedMs).toFixed(1),
};
console.log(JSON.stringify(result, null, 2));
console.log(`drift (bits of 256, full-resolution blockhash vs shipped fingerprint): median ${result.driftBitsSharpReduction.median}, p95 ${result.driftBitsSharpReduction.p95}, max ${result.driftBitsSharpReduction.max}`);
writeFileSync(new URL('results/drift.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
