/**
 * `npm run bench:lists`: what checking a large list costs before it is used. A synthetic list of 50,000 works
 * (about 9 MB) is signed once, then timed: JSON.parse alone (the baseline, measured in the same run), the shape
 * check (valibot), and the full check (shape + RFC 8785 canonical encoding + Ed25519 verify). Printed as ratios
 * to the baseline; written to bench/results/list-verify.json.
 */
import { writeFileSync } from 'node:fs';
import { generateKeyPair } from '../src/lib/list/ed25519.js';
import { parseList } from '../src/lib/list/schema.js';
import { listText, signList, verifyList } from '../src/lib/list/sign.js';

const WORKS = 50_000;
const ROUNDS = 5;
const hex = (i: number) => (i * 2654435761 >>> 0).toString(16).padStart(8, '0').repeat(8);
const key = await generateKeyPair();
const text = listText(
  await signList(
    {
      format: 'license-lens/list',
      formatVersion: 1,
      id: 'bench',
      name: 'Bench list',
      version: 1,
      updated: '2026-11-23T00:00:00Z',
      publisher: { name: 'Bench' },
      models: [{ id: 'm', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false } }],
      works: Array.from({ length: WORKS }, (_, i) => ({ id: `w${i}`, model: 'm', title: `Work ${i}`, fingerprints: [hex(i + 1)] })),
    },
    key,
  ),
);

async function best(fn: () => unknown): Promise<number> {
  let min = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const parseMs = await best(() => JSON.parse(text));
const shapeMs = await best(() => {
  if (!parseList(text).ok) throw new Error('bench list invalid');
});
const fullMs = await best(async () => {
  if (!(await verifyList(text)).ok) throw new Error('bench list does not verify');
});
const result = {
  works: WORKS,
  megabytes: +(text.length / 1048576).toFixed(2),
  jsonParseMs: +parseMs.toFixed(1),
  shapeCheckMs: +shapeMs.toFixed(1),
  fullCheckMs: +fullMs.toFixed(1),
  shapeVsParse: +(shapeMs / parseMs).toFixed(1),
  fullVsParse: +(fullMs / parseMs).toFixed(1),
};
console.log(JSON.stringify(result, null, 2));
console.log(`checking a ${result.megabytes} MB list of ${WORKS} works: shape ${result.shapeVsParse}x, shape + signature ${result.fullVsParse}x the time of JSON.parse alone (${result.jsonParseMs} ms)`);
writeFileSync(new URL('results/list-verify.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
