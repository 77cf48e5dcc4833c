/** The background's record step on the committed demo image, with the registry in (fake) IndexedDB. */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRecord } from '../../src/background/record.js';
import { ready } from '../../src/background/state.js';
import { parseList } from '../../src/lib/list/schema.js';
import { listToRegistry } from '../../src/lib/list/to-registry.js';
import { removeSource, replaceSource } from '../../src/storage/registry.js';

const image = (f: string) => new Uint8Array(readFileSync(new URL(`../../demo/images/${f}`, import.meta.url)));
const demo = parseList(readFileSync(new URL('../../public/demo-list.json', import.meta.url), 'utf8'));

describe('background record step', () => {
  it('ties the demo image to the demo model by its Model hash, and follows registry changes', async () => {
    if (!demo.ok) throw new Error(demo.error);
    const db = await ready();
    await replaceSource(db, 'demo', listToRegistry(demo.list, 'demo'));
    const page = 'https://shop.example/';
    const hit = await readRecord(image('generated-muse.png'), page);
    expect(hit.record?.model).toEqual({ name: 'museFinetune_e12', hash: demo.list.models[0]!.hashes!.autov2 });
    expect(hit.matches.map((m) => [m.workId, m.reason, m.verdict])).toEqual([['record:demo/portrait-muse', 'generation-record', 'unlicensed']]);

    const other = await readRecord(image('generated-other.png'), page);
    expect(other.record?.model?.hash).toBe('31e35c80fc');
    expect(other.matches).toEqual([]);
    // A photo without a record says nothing.
    expect(await readRecord(image('coffee.jpg'), page)).toEqual({ matches: [] });

    await removeSource(db, 'demo');
    expect((await readRecord(image('generated-muse.png'), page)).matches).toEqual([]);
  });
});
