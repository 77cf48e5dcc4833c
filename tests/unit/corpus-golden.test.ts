import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeGolden, corpusPresent, GOLDEN, type Golden } from './helpers/corpus-golden.js';

const present = corpusPresent();
const CI = process.env.CI === 'true';
if (!present) console.warn(`[corpus golden] ../shared/corpus is absent: ${CI ? 'failing (CI=true)' : 'skipped'}`);

describe.skipIf(!present && !CI)('fingerprints and verdicts on a corpus sample match the recorded golden file', () => {
  it('is run with the corpus present', () => expect(present, '../shared/corpus must exist in CI').toBe(true));

  it('recomputes the same fingerprints, details, queries and matches', async () => {
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
    const now = await computeGolden();
    expect(now.works).toEqual(golden.works);
    for (const [i, q] of now.queries.entries()) expect(q, `${q.file} ${q.variant}`).toEqual(golden.queries[i]);
    expect(now.queries).toHaveLength(golden.queries.length);
    // The sample must exercise the matcher: some matches, some misses, more than one verdict.
    const verdicts = new Set(golden.queries.flatMap((q) => Object.values(q.matches).flat().map((m) => m.verdict)));
    expect(verdicts.size).toBeGreaterThan(1);
  }, 300_000);
});
