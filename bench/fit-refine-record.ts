/**
 * `npx tsx bench/fit-refine-record.ts`: every bench:robustness distractor's query (with its natural size, as the
 * benchmark makes it), once, as JSON lines in OUT (default /tmp/fit-refine-distractors.jsonl), for bench/fit-refine-scan.ts
 * and bench/fit-refine-finer.ts (about 2 minutes instead of each decoding 6,306 images).
 */
import { writeFileSync } from 'node:fs';
import { queryOf } from '../src/lib/match/hash/query.js';
import { decodeForHash, imageSizeOf } from '../src/node/decode.js';
import { corpusSets, unrelatedImages } from './lib/corpus-sets.js';

const { unrelated } = await corpusSets(24);
const out: string[] = [];
for await (const { label, bytes } of unrelatedImages(unrelated)) out.push(JSON.stringify({ label, q: queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)) }));
writeFileSync(process.env.OUT ?? '/tmp/fit-refine-distractors.jsonl', out.join('\n'));
console.log('distractors', out.length);
