/**
 * A fixed sample of ../shared/corpus fingerprinted and matched, as plain data: works' fingerprints and details,
 * page images' queries, and what the matcher finds for them (work ids, distances, change hints, verdicts).
 * tests/fixtures/corpus-golden.json holds it as recorded; corpus-golden.test.ts recomputes it, so a move or
 * refactor that changes a fingerprint or a verdict shows up. Regenerate with `npx tsx scripts/make-corpus-golden.ts`.
 */
import { existsSync, readdirSync } from 'node:fs';
import sharp from 'sharp';
import { Matcher } from '../../../src/lib/match/matcher.js';
import { queryOf, type Query } from '../../../src/lib/match/hash/query.js';
import type { Model, RegistryContent, Work, WorkMatch } from '../../../src/lib/types.js';
import { workFingerprints } from '../../../src/lib/match/hash/work-fingerprints.js';
import { decodeForHash, decodeFull } from '../../../src/node/decode.js';

export const CORPUS = new URL('../../../../shared/corpus/', import.meta.url).pathname;
export const GOLDEN = new URL('../../fixtures/corpus-golden.json', import.meta.url).pathname;
export const corpusPresent = () => existsSync(`${CORPUS}works`) && existsSync(`${CORPUS}distractors`);

const NOW = new Date('2026-06-01T00:00:00Z');
const PAGES = ['https://licensed.example/gallery', 'https://elsewhere.example/post'];

/** Every `step`-th file of a folder in name order, `count` of them: the same sample on every machine. */
function sample(folder: string, step: number, count: number): string[] {
  return readdirSync(`${CORPUS}${folder}`).sort().filter((_, i) => i % step === 0).slice(0, count).map((f) => `${folder}/${f}`);
}

const terms = (commercialUse: Model['license']['commercialUse']): Model['license'] => ({ personalUse: true, commercialUse, attributionRequired: false, derivativesAllowed: false });
const MODELS: Model[] = [
  { id: 'm-paid', source: 'own', creatorId: 'c', name: 'Paid', license: terms('license-required'), licensees: [{ name: 'L', sites: ['licensed.example'] }] },
  { id: 'm-closed', source: 'own', creatorId: 'c', name: 'Closed', license: terms('forbidden'), licensees: [] },
  { id: 'm-open', source: 'own', creatorId: 'c', name: 'Open', license: terms('allowed'), licensees: [] },
];

export interface Golden {
  works: Array<{ file: string; id: string; fingerprints: string[]; detail?: string }>;
  queries: Array<{ file: string; variant: string; query: Query; matches: Record<string, Array<Pick<WorkMatch, 'workId' | 'distance' | 'verdict' | 'hints' | 'reason'>>> }>;
}

/** 20 works (the first 12 registered, over three licenses) and 20 distractors; works also as mirrored, darker copies. */
export async function computeGolden(): Promise<Golden> {
  const works = sample('works', 5, 20);
  const distractors = sample('distractors', 120, 20);
  const registered: Work[] = [];
  const golden: Golden = { works: [], queries: [] };
  for (const [i, file] of works.slice(0, 12).entries()) {
    const p = workFingerprints(await decodeFull(`${CORPUS}${file}`));
    const id = `w${i}`;
    registered.push({ id, source: 'own', modelId: MODELS[i % MODELS.length]!.id, fingerprints: p.fingerprints, detail: p.detail, addedAt: '' });
    golden.works.push({ file, id, fingerprints: p.fingerprints, detail: p.detail });
  }
  const content: RegistryContent = { creators: [{ id: 'c', source: 'own', name: 'C' }], models: MODELS, works: registered };
  const matcher = new Matcher(content);
  const run = async (file: string, variant: string, bytes: string | Buffer) => {
    const query = queryOf(await decodeForHash(bytes));
    const matches: Golden['queries'][number]['matches'] = {};
    for (const page of PAGES) {
      matches[page] = matcher.match(query, page, NOW).map(({ workId, distance, verdict, hints, reason }) => ({ workId, distance, verdict, hints, reason }));
    }
    golden.queries.push({ file, variant, query, matches });
  };
  for (const file of works) {
    await run(file, 'as-is', `${CORPUS}${file}`);
    await run(file, 'mirrored-darker', await sharp(`${CORPUS}${file}`).resize(600).modulate({ brightness: 0.8 }).flop().jpeg({ quality: 80 }).toBuffer());
  }
  for (const file of distractors) await run(file, 'as-is', `${CORPUS}${file}`);
  return golden;
}
