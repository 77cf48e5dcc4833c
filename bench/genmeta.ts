/**
 * `npm run bench:genmeta`: what reading the generation record costs per image, on every sample of
 * ../shared/samples (genmeta + c2pa), as a ratio against two baselines measured in the same run on the same bytes:
 * the header sniff the background already does for each image (image-size) and a SHA-256 of the bytes.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { imageSize } from 'image-size';
import { readGenRecord } from '../src/lib/genmeta/index.js';
import { requireShared, SHARED_DIR } from './shared.js';

requireShared('bench:genmeta');
const roots = [`${SHARED_DIR}samples/genmeta`, `${SHARED_DIR}samples/c2pa`];
const files: string[] = [];
const walk = (d: string) => {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
};
roots.forEach(walk);
files.sort();
const inputs = files.map((f) => new Uint8Array(readFileSync(f)));
const totalBytes = inputs.reduce((s, b) => s + b.length, 0);
const ROUNDS = 20;

async function time(fn: (b: Uint8Array) => unknown): Promise<number> {
  for (const b of inputs) await fn(b); // warm-up
  const t = performance.now();
  for (let r = 0; r < ROUNDS; r++) for (const b of inputs) await fn(b);
  return (performance.now() - t) / ROUNDS / inputs.length;
}

const record = await time((b) => readGenRecord(b));
const sniff = await time((b) => {
  try {
    return imageSize(b);
  } catch {
    return undefined;
  }
});
const sha = await time((b) => createHash('sha256').update(b).digest());
const found = (await Promise.all(inputs.map(readGenRecord))).filter(Boolean).length;
const perFile: Array<{ file: string; ms: number }> = [];
for (const [i, b] of inputs.entries()) {
  const t = performance.now();
  for (let r = 0; r < ROUNDS; r++) await readGenRecord(b);
  perFile.push({ file: files[i]!.slice(SHARED_DIR.length), ms: +((performance.now() - t) / ROUNDS).toFixed(3) });
}
const slowest = perFile.sort((a, b) => b.ms - a.ms).slice(0, 3);
const result = {
  files: files.length,
  withRecord: found,
  megabytes: +(totalBytes / 1048576).toFixed(2),
  readGenRecordMsPerFile: +record.toFixed(3),
  imageSizeSniffMsPerFile: +sniff.toFixed(4),
  sha256MsPerFile: +sha.toFixed(3),
  ratioVsSniff: +(record / sniff).toFixed(1),
  ratioVsSha256: +(record / sha).toFixed(2),
  slowest,
};
console.log(JSON.stringify(result, null, 2));
writeFileSync(new URL('results/genmeta.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
