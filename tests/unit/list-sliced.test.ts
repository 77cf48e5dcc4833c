/**
 * The time-sliced list checks (issue 19.6) give exactly what the one-piece ones give: the same canonical bytes,
 * the same parsed list, the same errors; and they do let other tasks run between slices.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signedBytes, signedBytesSliced } from '../../src/lib/list/canonical.js';
import { parseList, parseListSliced } from '../../src/lib/list/schema.js';
import { mapSliced, yieldTask } from '../../src/lib/time-slice.js';
import { listToRegistry, listToRegistrySliced } from '../../src/lib/list/to-registry.js';
import { packRegistry, packRegistrySliced } from '../../src/lib/match/indexing/packed-registry.js';
import { buildTables } from '../../src/lib/match/indexing/index-tables.js';
import { generateKeyPair } from '../../src/lib/list/ed25519.js';
import { listText, signList, verifyList } from '../../src/lib/list/sign.js';
import type { ListDraft } from '../../src/lib/list/schema.js';

const demoText = readFileSync(new URL('../../public/demo-list.json', import.meta.url), 'utf8');
const demo = JSON.parse(demoText) as { works: Array<Record<string, unknown>>; models: Array<Record<string, unknown>> };
const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';

function variant(change: (l: typeof demo) => void): string {
  const copy = JSON.parse(demoText) as typeof demo;
  change(copy);
  return JSON.stringify(copy);
}

const many = variant((l) => {
  for (let i = 0; i < 3000; i++) l.works.push({ id: `extra${i}`, model: l.models[0]!.id, title: ` Work ${i} `, fingerprints: [FP] });
});

describe('time-sliced list checks', () => {
  it('encode the same canonical bytes as canonicalize in one piece', async () => {
    for (const text of [demoText, many]) expect(await signedBytesSliced(JSON.parse(text))).toEqual(signedBytes(JSON.parse(text)));
    const odd = { b: [1, 1e21, 0.5, -0, null, { y: 'é\u2028"', x: [] }], a: { z: true }, 'é': [], signature: { value: 'x' } };
    expect(await signedBytesSliced(odd)).toEqual(signedBytes(odd));
    await expect(signedBytesSliced([1])).rejects.toThrow(/object/);
  });

  it('parse and validate to the same list, and refuse with the same message', async () => {
    const cases = [
      demoText,
      many,
      'not json',
      '[]',
      variant((l) => void (l.works = 'none' as never)),
      variant((l) => void (l.works[1]!.fingerprints = ['XYZ'])),
      variant((l) => void (l.works[0] = 'not a work' as never)),
      variant((l) => void (l.works[2]!.model = 'no-such-model')),
      variant((l) => void delete (l as Record<string, unknown>).name),
      variant((l) => {
        for (const w of l.works) w.fingerprints = [];
      }),
    ];
    for (const text of cases) expect(await parseListSliced(text), text.slice(0, 80)).toEqual(parseList(text));
  });

  it('let other tasks run between slices', async () => {
    let ran = false;
    void yieldTask().then(() => (ran = true));
    let seenBeforeEnd = false;
    await mapSliced(Array.from({ length: 2000 }), (_, i) => {
      if (i === 1999) seenBeforeEnd = ran;
    }, 0);
    expect(seenBeforeEnd).toBe(true);
  });
});

describe('time-sliced registry packing and records', () => {
  it('packs the same arrays and index tables as packRegistry and buildTables', async () => {
    const parsed = parseList(many);
    if (!parsed.ok) throw new Error(parsed.error);
    const content = await listToRegistrySliced(parsed.list, 'list:x');
    expect(content).toEqual(listToRegistry(parsed.list, 'list:x'));
    const one = packRegistry(content);
    expect(await packRegistrySliced(content)).toEqual({ ...one, tables: buildTables(one.hashes, one.hashes.length / 8) });
  });
});

describe('checking a large list', () => {
  it('lets other tasks run while it parses, validates and canonicalises (not one long task)', async () => {
    const key = await generateKeyPair();
    const works = Array.from({ length: 30_000 }, (_, i) => ({ id: `w${i}`, model: 'm', fingerprints: [FP] }));
    const text = listText(await signList({ ...(JSON.parse(demoText) as ListDraft), id: 'big', models: [{ id: 'm', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false } }], works }, key));
    // A ticker of tasks: each tick queues the next, as the background's other events would queue.
    let ticks = 0;
    let running = true;
    const tick = () => void yieldTask().then(() => {
      ticks++;
      if (running) tick();
    });
    tick();
    const start = performance.now();
    const r = await verifyList(text);
    const elapsed = performance.now() - start;
    running = false;
    expect(r.ok).toBe(true);
    // Before the check was sliced, the ticker ran only at the check's few awaits (importKey, verify, digest): once,
    // however long the check took. Sliced, it runs at least every 50 ms of the check, on a quiet or a loaded machine.
    expect(ticks).toBeGreaterThanOrEqual(Math.max(3, Math.floor(elapsed / 50)));
  });
});
