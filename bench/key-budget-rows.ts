/**
 * The key stage of a large registry on every robustness row's copies (the 54 registered works' copies made as
 * bench:robustness makes them, geometry rows included), their keys looked up as prepare.ts does (the query's keys with
 * the flat-corner key, the turned keys, the window keys) among the works' keys plus W random works' (37,000: about 1M
 * fingerprints), this tree's KeyStage against a baseline worktree's (whose turned keys had no budget): each copy whose
 * work was a key candidate with the baseline and is not with this tree, and whether a hash or word probe makes it a
 * candidate anyway (prepare on the registered works alone). `BENCH_BASELINE=<worktree> npx tsx bench/key-budget-rows.ts`
 * (V=<regex> limits the rows).
 */
import sharp from 'sharp';
import { readdirSync } from 'node:fs';
import { Matcher } from '../src/lib/match/matcher.js';
import { queryOf } from '../src/lib/match/hash/query.js';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { detailQueryOf } from '../src/lib/match/detail/detail-verify.js';
import { FIT_KEY_BUDGET, turnedKeys, TURNED_MAX } from '../src/lib/match/detail/rotate/turned-keys.js';
import { ringlessKeys } from '../src/lib/match/detail/rotate/flat-corners.js';
import { outpaintKeys, WINDOW_MAX } from '../src/lib/match/detail/extend/window-keys.js';
import { KeyStage } from '../src/lib/match/indexing/key-stage.js';
import { pageAspectOf } from '../src/lib/match/detail/detail-geometry.js';
import { detailKey, grid8, KEY_WORDS } from '../src/lib/match/detail/detail-key.js';
import { DETAIL_SIDE } from '../src/lib/match/detail/luma-thumb.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../src/node/decode.js';
import { GEOMETRY_VARIANTS } from './lib/geometry-variants.js';
import { VARIANTS } from './lib/variants.js';
import { thumbnail } from './lib/index-dataset.js';
import { requireShared, SHARED_DIR } from './shared.js';

requireShared('key-budget-rows');
if (!process.env.BENCH_BASELINE) throw new Error('BENCH_BASELINE=<worktree> is needed');
const Base = ((await import(`${process.env.BENCH_BASELINE}/src/lib/match/indexing/key-stage.ts`)) as { KeyStage: typeof KeyStage }).KeyStage;
const worksDir = `${SHARED_DIR}corpus/works/`;
const registered = readdirSync(worksDir).filter((f) => f.endsWith('.jpg')).sort().filter((_, i) => i % 2 === 0);
const content = { creators: [{ id: 'c', source: 'own', name: 'B' }], models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }], works: [] as unknown[] };
for (const f of registered) { const p = workFingerprints(await decodeFull(worksDir + f)); content.works.push({ id: f, source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, addedAt: '' }); }
const m = new Matcher(content as never);
const R = registered.length;
const all = R + Number(process.env.W ?? 37000);
const keys = new Uint32Array(all * 2 * KEY_WORDS);
keys.set(m.packed.detailKeys.subarray(0, R * 2 * KEY_WORDS));
for (let w = R; w < all; w++) detailKey(grid8(thumbnail(undefined, 0).thumb, DETAIL_SIDE), keys, w * 2 * KEY_WORDS);
const packed = { detailKeys: keys, hasDetail: new Uint8Array(all).fill(1), workIds: Array.from({ length: all }, (_, w) => `w${w}`) };
const arms = { baseline: new Base(packed), this: new KeyStage(packed) };
const V = new RegExp(process.env.V ?? '.');
const variants = [...GEOMETRY_VARIANTS, ...VARIANTS].filter((v, i, a) => V.test(v.name) && a.findIndex((x) => x.name === v.name) === i);
let copies = 0;
let lost = 0;
let alone = 0;
for (const v of variants) {
  for (const [i, f] of registered.entries()) {
    const src = await sharp(worksDir + f).toBuffer();
    const { width, height } = await sharp(src).metadata();
    const bytes = await v.make(src, width!, height!, i);
    const q = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
    const dq = q.detail ? detailQueryOf(q.detail) : null;
    if (!dq) continue;
    copies++;
    const inside = q.trimmed && q.trimmedDetail ? detailQueryOf(q.trimmedDetail) : null;
    const turned = turnedKeys(dq.luma, pageAspectOf(q.size));
    const windows = outpaintKeys(q);
    const keyed = (stage: KeyStage, turnedBudget?: number) =>
      stage.candidates(inside ? [...dq.keys, ...inside.keys] : dq.keys, ringlessKeys(dq.luma)).has(i) ||
      (turned.length > 0 && (stage.candidates([], turned, turnedBudget).get(i) ?? 1) <= TURNED_MAX) ||
      (windows.length > 0 && (stage.candidates([], windows).get(i) ?? 1) <= WINDOW_MAX);
    if (!keyed(arms.baseline) || keyed(arms.this, FIT_KEY_BUDGET)) continue;
    lost++;
    const p = m.prepare(q);
    const other = p.best.has(i) || p.loose.has(i) || (p.words ?? []).some((c) => c.work === i) || !!p.trimmedWords?.has(i) || p.fitLoose.has(i);
    if (!other) alone++;
    console.log(`  no longer a key candidate: ${v.name} ${f}${other ? ' (a hash or word candidate)' : ' (NO other candidate source)'}`);
  }
}
console.log(`${copies} copies over ${variants.length} rows: ${lost} no longer key candidates, ${alone} of them with no hash or word candidate`);
