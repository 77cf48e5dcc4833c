/**
 * For iterating on the matcher: decodes bench:robustness's registered images, altered copies and distractors once,
 * with the benchmark's own code, and stores the fingerprints, thumbnails and queries as JSON in BENCH_REPLAY_DIR
 * (default /tmp/license-lens-replay); `bench/robustness-replay.ts` then matches them again in seconds. V=<regex>
 * limits the transformations. Not a substitute for the benchmark: the blockhash column and other radii are not kept.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { queryOf } from '../src/lib/match/hash/query.js';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { decodeForHash, decodeFull } from '../src/node/decode.js';
import { VARIANTS } from './lib/variants.js';
import { corpusSets, unrelatedImages, WORKS_DIR } from './lib/corpus-sets.js';
import { requireShared } from './shared.js';

requireShared('robustness-record');
const DIR = process.env.BENCH_REPLAY_DIR ?? '/tmp/license-lens-replay';
mkdirSync(DIR, { recursive: true });

const { registered, portraits, unrelated } = await corpusSets(24);
const items = [...registered.map((f) => ({ id: f, set: 'works', bytes: null as Buffer | null })), ...portraits.map((p) => ({ id: p.id, set: 'portraits', bytes: p.bytes as Buffer | null }))];
const itemBytes = async (it: (typeof items)[number]) => it.bytes ?? (await sharp(WORKS_DIR + it.id).toBuffer());
const works: unknown[] = [];
for (const it of items) {
  const print = workFingerprints(await decodeFull(await itemBytes(it)));
  works.push({ id: it.id, set: it.set, source: 'own', modelId: 'm', fingerprints: print.fingerprints, detail: print.detail, addedAt: '' });
}
const ONLY = new RegExp(process.env.V ?? '.');
const variants: { name: string; id: string; set: string; q: unknown }[] = [];
for (const v of VARIANTS.filter((x) => ONLY.test(x.name))) for (const [i, it] of items.entries()) {
  const src = await itemBytes(it);
  const { width, height } = await sharp(src).metadata();
  variants.push({ name: v.name, id: it.id, set: it.set, q: queryOf(await decodeForHash(await v.make(src, width!, height!, i))) });
}
writeFileSync(`${DIR}/works.json`, JSON.stringify({ works, variants }));
console.log('variants done', variants.length);
const dq: { label: string; q: unknown }[] = [];
for await (const { label, bytes } of unrelatedImages(unrelated)) dq.push({ label, q: queryOf(await decodeForHash(bytes)) });
writeFileSync(`${DIR}/distractors.json`, JSON.stringify(dq));
console.log('distractors done', dq.length);
