/**
 * `npm run bench:registry` (docs/registry.md, issue 21): agreement with local-list matching on the robustness
 * copies (bench/registry-agreement.ts), then build, summary, requests and bucket figures at each scale
 * (bench/registry-scale.ts), and the key schemes compared on real images (bench/registry-keys.ts). Writes bench/results/registry.json when every part ran.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Query } from '../src/lib/match/index.js';
import { agreement } from './registry-agreement.js';
import { keySchemes } from './registry-keys.js';
import { scale } from './registry-scale.js';

const DIR = process.env.BENCH_REPLAY_DIR ?? '/tmp/license-lens-replay';
const SCALES = (process.env.REGISTRY_SCALES ?? '1000000').split(',').map(Number);
const agree = process.env.REGISTRY_AGREEMENT === '0' ? null : await agreement();
if (agree) {
  console.table(agree.table);
  console.log(JSON.stringify({ ...agree, table: undefined }, null, 1));
}
// Key schemes on the same real images (docs/registry.md): size, keyed copies and unrelated collisions per scheme.
const schemes = process.env.REGISTRY_AGREEMENT === '0' ? null : keySchemes();
if (schemes) console.table(schemes.schemes.map(({ keyedOfFound, worstRow, pool, ...rest }) => ({ ...rest, ...keyedOfFound, worst: `${worstRow.name} ${worstRow.pct}`, poolShare: pool.share })));
const real: Query[] = existsSync(`${DIR}/distractors.json`) ? (JSON.parse(readFileSync(`${DIR}/distractors.json`, 'utf8')) as { q: Query }[]).map((d) => d.q) : [];
if (!real.length) console.log(`no recorded distractor queries in ${DIR}: unmatched requests measured on synthetic queries only`);
const scales = [];
for (const n of SCALES) {
  const s = await scale(n, real);
  console.log(JSON.stringify(s, null, 1));
  scales.push(s);
}
if (agree && real.length) writeFileSync(new URL('results/registry.json', import.meta.url), `${JSON.stringify({ agreement: agree, keySchemes: schemes, scales }, null, 2)}\n`);
