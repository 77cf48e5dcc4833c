/**
 * `npx tsx bench/fit-refine-evidence.ts` (V=<variant name>, default 'rotate ±5° cropped to fit'): for each registered
 * work's copy, whether the matcher finds it, its own work's candidate distances (keyed, fitKeyed, loose, fitLoose:
 * prepare.ts), the rotated verdict, and what 5-degree fit probes cut to the 9% and 12% crops would give (turn/crop:
 * bits to its own work / to the nearest other work).
 */
import sharp from 'sharp';
import { queryOf } from '../src/lib/match/hash/query.js';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { detailQueryOf } from '../src/lib/match/detail/detail-verify.js';
import { verifyRotated } from '../src/lib/match/detail/rotate/detail-rotate.js';
import { pageAspectOf } from '../src/lib/match/detail/detail-geometry.js';
import { fromBase64url } from '../src/lib/base64url.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../src/node/decode.js';
import { GEOMETRY_VARIANTS } from './lib/geometry-variants.js';
import { corpusSets, WORKS_DIR } from './lib/corpus-sets.js';
import { Matcher } from '../src/lib/match/matcher.js';
import { blockhashExact } from '../src/lib/match/hash/fingerprint.js';
import { reduceForHash } from '../src/lib/match/hash/fingerprint.js';
import { boxGreyPlane, turnedBack } from '../src/lib/match/detail/rotate/turned-hash.js';
import { croppedFit } from '../src/lib/match/detail/rotate/turned-frame.js';
import { hammingHex } from '../src/lib/match/hash/bits.js';
import type { RegistryContent } from '../src/lib/types.js';

const VNAME = process.env.V ?? 'rotate ±5° cropped to fit';
const { registered } = await corpusSets(0);
const content: RegistryContent = { creators: [{ id: 'c', source: 'own', name: 'B' }], models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }], works: [] };
const fps = new Map<string, string[]>();
for (const f of registered) {
  const px = await decodeFull(await sharp(WORKS_DIR + f).toBuffer());
  const p = workFingerprints(px);
  fps.set(f, p.fingerprints);
  content.works.push({ id: f, source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, size: await imageSizeOf(await sharp(WORKS_DIR + f).toBuffer()), addedAt: '' });
}
const m = new Matcher(content);
const v = [...GEOMETRY_VARIANTS].find((x) => x.name === VNAME)!;
const fmt = (x: number | undefined) => (x === undefined ? '-' : Number.isInteger(x) ? String(x) : x.toFixed(3));
for (const [i, f] of registered.entries()) {
  const src = await sharp(WORKS_DIR + f).toBuffer();
  const { width, height } = await sharp(src).metadata();
  const bytes = await v.make(src, width!, height!, i);
  const px = await decodeForHash(bytes);
  const size = await imageSizeOf(bytes);
  const q = queryOf(px, size);
  const p = m.prepare(q);
  const found = m.finish(p);
  const luma = detailQueryOf(q.detail!)!.luma;
  const rv = verifyRotated(luma, fromBase64url(content.works[i]!.detail!), pageAspectOf(size));
  // 5-degree fit probes cut to 9% and 12%
  const red = reduceForHash(px);
  const plane = boxGreyPlane(red, 4);
  const n = Math.floor(red.width / 4);
  const probe = (angle: number, crop: number) => blockhashExact(turnedBack(plane, n, croppedFit(size!.width / size!.height, angle), crop, 64));
  const own = fps.get(f)!;
  const nearestOther = (h: string) => Math.min(...registered.filter((g) => g !== f).flatMap((g) => fps.get(g)!.map((x) => hammingHex(x, h))));
  const pr = [5, -5].flatMap((a) => [0.09, 0.12].map((c) => { const h = probe(a, c); return `${a}/${c}:${Math.min(...own.map((x) => hammingHex(x, h)))}/${nearestOther(h)}`; }));
  console.log(f, `turn ${i % 2 ? -5 : 5}`, `found=${found.has(i)}`, `keyed=${fmt(p.keyed.get(i))} fitKeyed=${fmt(p.fitKeyed.get(i))} loose=${fmt(p.loose.get(i))} fitLoose=${fmt(p.fitLoose.get(i))}`, `rot=${rv.score.toFixed(3)}@${rv.angle} opp=${rv.opposite.toFixed(3)}`, `probes5 ${pr.join(' ')}`);
}
