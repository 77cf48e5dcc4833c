/**
 * The background's registry client in Node: added from a local HTTP server, looked up through the summary, shards
 * and packs (cached), updated (new works; a rollback, another key, a tampered summary refused with the previous
 * edition kept), a publisher switched off, removed.
 */
import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, type KeyPairInfo } from '../../src/lib/list/index.js';
import type { Query } from '../../src/lib/match/index.js';
import { addRegistryUrl, removeRegistry, setPublisher, updateRegistry } from '../../src/background/registries/registry-client.js';
import { exportBackup, parseBackup, restoreBackup } from '../../src/storage/backup-file.js';
import { memoryItem } from './helpers/memory-area.js';
import { registryMatches } from '../../src/background/registries/registry-lookup.js';
import type { RegistryDB } from '../../src/storage/db.js';
import { getRegistry, listRegistries } from '../../src/storage/registries.js';
import { build, fingerprint, listText } from './helpers/registry-fixtures.js';
import { scratchDbs } from './helpers/scratch-db.js';

const seeds = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const query = (seed: number): Query => ({ fingerprint: fingerprint(seed), quality: 80 });
const PAGE = 'https://news.example/story';

let files = new Map<string, Uint8Array>();
const requests: string[] = [];
let server: Server;
let base = '';
let ann: KeyPairInfo;
let bo: KeyPairInfo;
let registryKey: KeyPairInfo;

beforeAll(async () => {
  [ann, bo, registryKey] = [await generateKeyPair(), await generateKeyPair(), await generateKeyPair()];
  server = createServer((req, res) => {
    const path = (req.url ?? '/').slice('/reg/'.length);
    requests.push(path);
    if (path === 'endless.json') {
      // A body that never ends, written as fast as it is read.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(1 << 16, 0x20);
      const pump = () => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      return pump();
    }
    const f = files.get(path);
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(Buffer.from(f));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/reg/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const scratch = scratchDbs('registry-client');
const opened: RegistryDB[] = [];
afterEach(() => {
  for (const d of opened.splice(0)) d.close();
});

async function edition(annSeeds: number[], boSeeds: number[], previous?: Awaited<ReturnType<typeof build>>['manifest']) {
  const inputs = [
    { source: 'ann', text: await listText(ann, 'Ann', annSeeds) },
    { source: 'bo', text: await listText(bo, 'Bo', boSeeds) },
  ];
  const built = await build(inputs, { key: registryKey, previous });
  return built;
}

/** Serves an edition's files (the old files stay: content-addressed files are never deleted). */
function serve(host: Map<string, Uint8Array>): void {
  files = new Map([...files, ...host]);
}

async function setUp() {
  const db = await scratch.open();
  opened.push(db);
  const one = await edition(seeds(1, 20), seeds(500, 20));
  serve(one.host.files);
  const rec = await addRegistryUrl(db, `${base}manifest.json`);
  return { db, rec, one };
}

describe('registry client', () => {
  it('adds a registry, finds a registered image through it and asks nothing for an unregistered one or a second time', async () => {
    const { db, rec } = await setUp();
    expect(rec).toMatchObject({ edition: 1, works: 40, base });
    expect(rec.publishers.map((p) => p.name)).toEqual(['Ann', 'Bo']);
    requests.length = 0;
    const miss = await registryMatches(db, query(9_999), PAGE);
    expect(miss).toEqual({ matches: [], error: undefined });
    const hit = await registryMatches(db, query(505), PAGE);
    expect(hit.matches[0]).toMatchObject({ distance: 0, source: `registry:${rec.id}/1`, creator: { name: 'Bo' }, verdict: 'unlicensed' });
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((p) => /^(shards|packs)\/[0-9a-f]{64}\.json$/.test(p))).toBe(true);
    const before = requests.length;
    expect((await registryMatches(db, query(505), PAGE)).matches).toHaveLength(1);
    expect(requests.length).toBe(before); // cached
  });

  it('updates to a new edition, refuses a rollback and a tampered summary, and keeps the installed edition', async () => {
    const { db, rec, one } = await setUp();
    const two = await edition(seeds(1, 20), seeds(500, 21), one.manifest);
    serve(two.host.files);
    const updated = await updateRegistry(db, rec.id);
    expect(updated).toMatchObject({ edition: 2, works: 41, error: undefined });
    expect((await registryMatches(db, query(520), PAGE)).matches).toHaveLength(1);
    // Rollback: the host serves edition 1's manifest again.
    files.set('manifest.json', one.host.files.get('manifest.json')!);
    expect((await updateRegistry(db, rec.id)).error).toMatch(/older than the edition 2 already held/);
    // A new edition whose summary was modified on the host.
    const three = await edition(seeds(1, 22), seeds(500, 21), two.manifest);
    serve(three.host.files);
    const sum = `summary/${three.manifest.layers.at(-1)!.summary}.bin`;
    const bad = new Uint8Array(files.get(sum)!);
    bad[bad.length - 1]! ^= 1;
    files.set(sum, bad);
    expect((await updateRegistry(db, rec.id)).error).toMatch(/does not match its content hash/);
    expect(await getRegistry(db, rec.id)).toMatchObject({ edition: 2, works: 41 });
    expect((await registryMatches(db, query(520), PAGE)).matches).toHaveLength(1);
  });

  it('cuts off a never-ending manifest at its size limit and adds nothing', async () => {
    const db = await scratch.open();
    opened.push(db);
    await expect(addRegistryUrl(db, `${base}endless.json`)).rejects.toThrow(/larger than the 8 MB limit; download stopped/);
    expect(await listRegistries(db)).toEqual([]);
  });

  it('refuses an update signed by another key', async () => {
    const { db, rec } = await setUp();
    const other = await build([{ source: 'ann', text: await listText(ann, 'Ann', seeds(1, 3)) }]);
    files.set('manifest.json', other.host.files.get('manifest.json')!);
    expect((await updateRegistry(db, rec.id)).error).toMatch(/signed by another key/);
    expect((await getRegistry(db, rec.id))?.edition).toBe(1);
  });

  it('looks up no work of a publisher switched off, and nothing once removed', async () => {
    const { db, rec } = await setUp();
    await setPublisher(db, rec.id, 0, false);
    expect((await registryMatches(db, query(3), PAGE)).matches).toEqual([]);
    expect((await registryMatches(db, query(503), PAGE)).matches).toHaveLength(1);
    await removeRegistry(db, rec.id);
    expect(await listRegistries(db)).toEqual([]);
    expect((await registryMatches(db, query(503), PAGE)).matches).toEqual([]);
  });

  it('keeps a publisher switched while an update downloads, whatever the update ends in', async () => {
    const { db, rec, one } = await setUp();
    // The switch lands while the update is between its read of the record and its write (the download phase).
    const switching = (publisher: number, on: boolean) => ({ phase: async (p: string) => void (p === 'download' && (await setPublisher(db, rec.id, publisher, on))) });
    expect(await updateRegistry(db, rec.id, Date.now(), switching(0, false))).toMatchObject({ edition: 1, off: [0] });
    expect(await getRegistry(db, rec.id)).toMatchObject({ edition: 1, off: [0] });
    serve((await edition(seeds(1, 20), seeds(500, 21), one.manifest)).host.files);
    expect(await updateRegistry(db, rec.id, Date.now(), switching(1, false))).toMatchObject({ edition: 2, off: [0, 1] });
    expect(await getRegistry(db, rec.id)).toMatchObject({ edition: 2, off: [0, 1] });
    files.delete('manifest.json');
    expect(await updateRegistry(db, rec.id, Date.now(), switching(0, true))).toMatchObject({ edition: 2, off: [1], error: expect.any(String) });
    expect(await getRegistry(db, rec.id)).toMatchObject({ edition: 2, off: [1], error: expect.any(String) });
  });

  it('comes back from a backup: fetched again under the pinned key with its switches, refused below the saved edition', async () => {
    const { db, rec, one } = await setUp();
    const two = await edition(seeds(1, 20), seeds(500, 21), one.manifest);
    serve(two.host.files);
    await updateRegistry(db, rec.id);
    await setPublisher(db, rec.id, 0, false);
    const backup = parseBackup(JSON.stringify(await exportBackup(db, memoryItem())));
    // A fresh profile, whose registry host now serves an older edition than the backup saw: refused.
    const target = await scratch.open();
    opened.push(target);
    await restoreBackup(target, memoryItem(), backup);
    files.set('manifest.json', one.host.files.get('manifest.json')!);
    const rolledBack = await updateRegistry(target, rec.id);
    expect(rolledBack).toMatchObject({ id: rec.id, edition: 2, error: expect.stringMatching(/older than the edition 2 already held/) });
    expect((await registryMatches(target, query(505), PAGE)).matches).toEqual([]);
    // The host serves edition 2 again: installed, Ann still switched off, Bo's works found.
    files.set('manifest.json', two.host.files.get('manifest.json')!);
    const back = await updateRegistry(target, rec.id);
    expect(back).toMatchObject({ id: rec.id, edition: 2, works: 41, off: [0], error: undefined });
    expect(back.publishers.map((p) => p.name)).toEqual(['Ann', 'Bo']);
    expect((await registryMatches(target, query(520), PAGE)).matches).toHaveLength(1);
    expect((await registryMatches(target, query(3), PAGE)).matches).toEqual([]);
  });
});
