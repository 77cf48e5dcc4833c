/**
 * `npm run bench:creator`: the creator workflow's two costs.
 * 1. Model-file hashing: streamed SHA-256 (@noble/hashes, 2 MB chunks, what the options page runs) against Node's
 *    native SHA-256 on the same bytes (the baseline, measured in the same run).
 * 2. Registration vs scan fingerprints: the options page decodes a work at most 512 px on the long side (aspect
 *    kept) and reduces it with the pure core; a page scan decodes straight to 256x256. Over ../shared/corpus/works,
 *    the Hamming distance between the two, which must stay well under the match threshold.
 */
import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { hammingHex } from '../src/lib/match/hash/bits.js';
import { fingerprint } from '../src/lib/match/hash/fingerprint.js';
import { MATCH_THRESHOLD } from '../src/lib/match/indexing/fingerprint-index.js';
import { blobSource, hashModel } from '../src/lib/own/model-hash.js';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { decodeForHash } from '../src/node/decode.js';
import { requireShared, SHARED_DIR } from './shared.js';

const MB = 256;
const bytes = new Uint8Array(MB * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
let t = performance.now();
const native = createHash('sha256').update(bytes).digest('hex');
const nativeMs = performance.now() - t;
t = performance.now();
const streamed = await hashModel(blobSource(new Blob([bytes])));
const streamedMs = performance.now() - t;
if (streamed.sha256 !== native) throw new Error('streamed SHA-256 differs from node:crypto');
const hashing = {
  megabytes: MB,
  nativeMBps: +(MB / (nativeMs / 1000)).toFixed(0),
  streamedMBps: +(MB / (streamedMs / 1000)).toFixed(0),
  streamedVsNative: +(streamedMs / nativeMs).toFixed(2),
  secondsFor6GBModel: +((6 * 1024) / (MB / (streamedMs / 1000))).toFixed(0),
};
console.log('model-file hashing', hashing);

requireShared('bench:creator (registration drift)');
const dir = `${SHARED_DIR}corpus/works/`;
const files = readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort();
const drift: number[] = [];
for (const f of files) {
  const { data, info } = await sharp(dir + f)
    .rotate()
    .flatten({ background: '#ffffff' })
    .resize(512, 512, { fit: 'inside', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const registered = workFingerprints({ width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }).fingerprints[0]!;
  drift.push(hammingHex(registered, fingerprint(await decodeForHash(dir + f))));
}
const s = [...drift].sort((a, b) => a - b);
const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
const registration = { images: files.length, median: q(0.5), p95: q(0.95), max: s.at(-1)!, threshold: MATCH_THRESHOLD };
console.log('registration (512 px, aspect kept) vs scan (256x256) fingerprint, bits of 256', registration);
writeFileSync(new URL('results/creator.json', import.meta.url), `${JSON.stringify({ hashing, registration }, null, 2)}\n`);
