/** Records tests/fixtures/corpus-golden.json from ../shared/corpus (tests/unit/helpers/corpus-golden.ts says what it holds). */
import { writeFileSync } from 'node:fs';
import { computeGolden, corpusPresent, GOLDEN } from '../tests/unit/helpers/corpus-golden.js';

if (!corpusPresent()) throw new Error('../shared/corpus is absent: nothing to record');
const golden = await computeGolden();
writeFileSync(GOLDEN, `${JSON.stringify(golden, null, 1)}\n`);
const matched = golden.queries.filter((q) => Object.values(q.matches).some((m) => m.length)).length;
console.log(`${GOLDEN}: ${golden.works.length} works registered, ${golden.queries.length} queries, ${matched} with a match`);
