/**
 * `npx tsx bench/fit-key-budget.ts`: whether the fit keys (turned-keys.ts fitKeys) of the registered works' copies
 * turned and cropped to fit find their own work through the key index at 1M works' table width (an index of the
 * corpus's keys built as for 1M works: the same tables and probes), per bucket budget (FIT_KEY_BUDGET), against the
 * works a scan finds within TURNED_MAX; and the buckets a fit key probes. None: the index's own probes.
 */
import sharp from 'sharp';
import { readdirSync } from 'node:fs';
import { Matcher } from '../src/lib/match/matcher.js';
import { queryOf } from '../src/lib/match/hash/query.js';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { detailQueryOf, KEY_MAX } from '../src/lib/match/detail/detail-verify.js';
import { fitKeys, TURNED_MAX } from '../src/lib/match/detail/rotate/turned-keys.js';
import { KeyIndex } from '../src/lib/match/indexing/key-index.js';
import { pageAspectOf } from '../src/lib/match/detail/detail-geometry.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../src/node/decode.js';
import { GEOMETRY_VARIANTS } from './lib/geometry-variants.js';
import { requireShared, SHARED_DIR } from './shared.js';
import type { RegistryContent } from '../src/lib/types.js';
import { keyDistance } from '../src/lib/match/detail/detail-key.js';

requireShared('fit-key-budget');
const worksDir = `${SHARED_DIR}corpus/works/`;
const registered = readdirSync(worksDir).filter((f) => f.endsWith('.jpg')).sort().filter((_, i) => i % 2 === 0);
const content: RegistryContent = { creators: [{ id: 'c', source: 'own', name: 'B' }], models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }], works: [] };
for (const f of registered) { const p = workFingerprints(await decodeFull(worksDir + f)); content.works.push({ id: f, source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, addedAt: '' }); }
const m = new Matcher(content);
const keys = m.packed.detailKeys;
const idx = new KeyIndex(keys, 1_000_000); // 1M's table width, the corpus's keys only
const budgets = [undefined, 2048, 512, 256, 128, 64, 32];
for (const v of GEOMETRY_VARIANTS.filter((v) => /cropped to fit/.test(v.name))) {
  const found = new Map<string, number>();
  const probes = new Map<string, number>();
  let near = 0;
  let keyed = 0;
  let i = 0;
  for (const f of registered) {
    const src = await sharp(worksDir + f).toBuffer();
    const { width, height } = await sharp(src).metadata();
    const bytes = await v.make(src, width!, height!, i);
    const q = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
    const fk = fitKeys(detailQueryOf(q.detail!)!.luma, pageAspectOf(q.size));
    const work = i;
    i++;
    if (fk.length) keyed++;
    let any = false;
    for (const b of budgets) {
      const r = idx.near(fk, KEY_MAX, () => new Map(), b);
      const d = r.get(work);
      if (d !== undefined && d <= TURNED_MAX) { found.set(String(b), (found.get(String(b)) ?? 0) + 1); any = true; }
    }
    const dmin = Math.min(...fk.map((k) => keyDistance(k, keys, work * 8)));
    if (dmin <= TURNED_MAX) near++;
    if (f === 'w0079.jpg' && /5°/.test(v.name)) console.log('  ', v.name, f, dmin.toFixed(2), budgets.map((b) => { const d = idx.near(fk, KEY_MAX, () => new Map(), b).get(work); return `${b ?? 'none'}: ${d === undefined ? '-' : d.toFixed(2)}`; }).join(', '));
    for (const b of budgets) {
      const before = idx.probes;
      idx.near(fk, KEY_MAX, () => new Map(), b);
      if (fk.length) probes.set(String(b), (probes.get(String(b)) ?? 0) + (idx.probes - before) / fk.length);
    }
    if (dmin <= TURNED_MAX && !any) console.log('  lost by index', f, dmin.toFixed(2));
  }
  console.log(`${v.name}: ${near} of ${registered.length} within TURNED_MAX by a scan; found through the index, and buckets a fit key, per budget: ${budgets.map((b) => `${b ?? 'none'} ${found.get(String(b)) ?? 0} (${((probes.get(String(b)) ?? 0) / Math.max(1, keyed)).toFixed(0)})`).join(', ')}`);
}
