import 'fake-indexeddb/auto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeSubscription, subscribeText, subscribeUrl, updateAll, updateSubscription } from '../../src/background/lists/subscriptions.js';
import { generateKeyPair, type KeyPairInfo } from '../../src/lib/list/ed25519.js';
import { listText, signList } from '../../src/lib/list/sign.js';
import type { ListDraft } from '../../src/lib/list/schema.js';
import { openRegistry, type RegistryDB } from '../../src/storage/db.js';
import { countBySource, readAll, replaceSource } from '../../src/storage/registry.js';
import { listSubscriptions } from '../../src/storage/subscriptions.js';

const FP = (i: number) => i.toString(16).padStart(64, '0');

function draft(version: number, works: number, id = 'alpha'): ListDraft {
  return {
    format: 'license-lens/list',
    formatVersion: 1,
    id,
    name: `List ${id}`,
    version,
    updated: new Date(version * 1000).toISOString(),
    publisher: { name: `Publisher ${id}` },
    models: [{ id: 'm', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false } }],
    works: Array.from({ length: works }, (_, i) => ({ id: `w${i}`, model: 'm', fingerprints: [FP(i + 1)] })),
  };
}

/** One route whose behaviour each test sets; every request is recorded with its validators. */
type Route = (req: IncomingMessage, res: ServerResponse) => void;
let route: Route = (_q, r) => void r.writeHead(404).end();
const seen: Array<{ inm?: string; ims?: string }> = [];
let server: Server;
let base = '';
let key: KeyPairInfo;
let db: RegistryDB;

beforeAll(async () => {
  key = await generateKeyPair();
  server = createServer((req, res) => {
    seen.push({ inm: req.headers['if-none-match'], ims: req.headers['if-modified-since'] });
    route(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  db?.close();
  seen.length = 0;
});

async function freshDb(): Promise<RegistryDB> {
  db = await openRegistry(`subs-${Math.random()}`);
  await replaceSource(db, 'own', {
    creators: [{ id: 'own/c', source: 'own', name: 'Me' }],
    models: [{ id: 'own/m', source: 'own', creatorId: 'own/c', name: 'Mine', license: { personalUse: true, commercialUse: 'allowed', attributionRequired: false, derivativesAllowed: true }, licensees: [] }],
    works: [{ id: 'own/w', source: 'own', modelId: 'own/m', fingerprints: [FP(99)], addedAt: '2026-01-01' }],
  });
  return db;
}

const serve = (text: string, etag = '"v1"'): Route => (req, res) => {
  if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
  res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag, 'Last-Modified': 'Mon, 23 Nov 2026 10:00:00 GMT' }).end(text);
};

async function snapshot(d: RegistryDB) {
  const all = await readAll(d);
  return JSON.stringify([all.creators, all.models, all.works].map((l) => l.map((r) => r.id).sort()));
}

describe('list subscriptions', () => {
  it('subscribes by URL, then sends the ETag back and keeps the list on 304', async () => {
    const d = await freshDb();
    route = serve(listText(await signList(draft(1, 3), key)));
    const sub = await subscribeUrl(d, `${base}/list.json`);
    expect(sub).toMatchObject({ publisher: 'Publisher alpha', works: 3, models: 1, etag: '"v1"', version: 1 });
    expect(await countBySource(d, `list:${sub.id}`)).toEqual({ models: 1, works: 3 });
    const again = await updateSubscription(d, sub.id);
    expect(seen.at(-1)).toEqual({ inm: '"v1"', ims: 'Mon, 23 Nov 2026 10:00:00 GMT' });
    expect(again.error).toBeUndefined();
    expect(await countBySource(d, `list:${sub.id}`)).toEqual({ models: 1, works: 3 });
  });

  it('replaces the list atomically on a new edition and never touches own records', async () => {
    const d = await freshDb();
    route = serve(listText(await signList(draft(1, 3), key)));
    const sub = await subscribeUrl(d, `${base}/l`);
    route = serve(listText(await signList(draft(2, 5), key)), '"v2"');
    const next = await updateSubscription(d, sub.id);
    expect(next).toMatchObject({ version: 2, works: 5, etag: '"v2"' });
    expect(await countBySource(d, `list:${sub.id}`)).toEqual({ models: 1, works: 5 });
    expect(await countBySource(d, 'own')).toEqual({ models: 1, works: 1 });
  });

  it('keeps the installed edition and says why when an update is broken, forged, older or cut off', async () => {
    const d = await freshDb();
    route = serve(listText(await signList(draft(5, 3), key)));
    const sub = await subscribeUrl(d, `${base}/l`);
    const before = await snapshot(d);
    const good = listText(await signList(draft(6, 1), key));
    const other = await generateKeyPair();
    const cases: Array<[Route, RegExp]> = [
      [serve('{"format": "license-lens/list", ', '"x1"'), /not valid JSON/],
      [serve(JSON.stringify({ format: 'license-lens/list', formatVersion: 1 }), '"x2"'), /invalid list: id/],
      [serve(good.replace('"Publisher alpha"', '"Publisher alphA"'), '"x3"'), /bad signature/],
      [serve(listText(await signList(draft(7, 1), other)), '"x4"'), /signed by another key/],
      [serve(listText(await signList(draft(4, 1), key)), '"x5"'), /older than the installed version 5/],
      [(_q, r) => void r.writeHead(500).end('oops'), /HTTP 500/],
      [
        (_q, r) => {
          r.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(good.length) });
          r.write(good.slice(0, 100));
          setTimeout(() => r.destroy(), 20);
        },
        /connection was refused or dropped|download failed/,
      ],
    ];
    for (const [r, why] of cases) {
      route = r;
      const after = await updateSubscription(d, sub.id);
      expect(after.error).toMatch(why);
      expect(after.version).toBe(5);
      expect(await snapshot(d)).toBe(before);
    }
    // A good update afterwards clears the error.
    route = serve(good, '"ok"');
    expect((await updateSubscription(d, sub.id)).error).toBeUndefined();
  });

  it('stops reading a 100 MB body at the size limit without buffering it', async () => {
    const d = await freshDb();
    let sent = 0;
    route = (_q, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }); // no Content-Length: the reader must count
      const chunk = Buffer.alloc(1 << 20, 0x20);
      const pump = () => {
        while (sent < 100 * (1 << 20)) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => undefined);
      pump();
    };
    await expect(subscribeUrl(d, `${base}/huge`)).rejects.toThrow(/larger than the 20 MB limit/);
    expect(sent).toBeLessThan(100 * (1 << 20));
    expect(await listSubscriptions(d)).toEqual([]);
    // A declared Content-Length over the limit is refused before reading.
    route = (_q, res) => void res.writeHead(200, { 'Content-Length': String(100 * (1 << 20)) }).end();
    await expect(subscribeUrl(d, `${base}/huge2`)).rejects.toThrow(/100 MB|104857600 bytes declared/);
  });

  it('refuses a bad first subscription and stores nothing', async () => {
    const d = await freshDb();
    const before = await snapshot(d);
    route = serve('<html>not a list</html>');
    await expect(subscribeUrl(d, `${base}/bad`)).rejects.toThrow(/not valid JSON/);
    expect(await listSubscriptions(d)).toEqual([]);
    expect(await snapshot(d)).toBe(before);
  });

  it('removes exactly one list, leaving another list claiming the same works and own records', async () => {
    const d = await freshDb();
    route = serve(listText(await signList(draft(1, 3, 'alpha'), key)));
    const a = await subscribeUrl(d, `${base}/a`);
    const b = await subscribeText(d, listText(await signList(draft(1, 2, 'beta'), await generateKeyPair())));
    expect(await countBySource(d, `list:${b.id}`)).toEqual({ models: 1, works: 2 });
    await removeSubscription(d, a.id);
    expect(await countBySource(d, `list:${a.id}`)).toEqual({ models: 0, works: 0 });
    expect(await countBySource(d, `list:${b.id}`)).toEqual({ models: 1, works: 2 });
    expect(await countBySource(d, 'own')).toEqual({ models: 1, works: 1 });
    expect((await listSubscriptions(d)).map((s) => s.id)).toEqual([b.id]);
  });

  it('updates a file list from a newer file, refuses an older one and a duplicate URL', async () => {
    const d = await freshDb();
    const s1 = await subscribeText(d, listText(await signList(draft(2, 1), key)));
    const s2 = await subscribeText(d, listText(await signList(draft(3, 4), key)));
    expect(s2.id).toBe(s1.id);
    expect(await countBySource(d, `list:${s1.id}`)).toEqual({ models: 1, works: 4 });
    await expect(subscribeText(d, listText(await signList(draft(1, 1), key)))).rejects.toThrow(/older than the installed version 3/);
    route = serve(listText(await signList(draft(1, 1, 'gamma'), key)));
    await subscribeUrl(d, `${base}/g`);
    await expect(subscribeUrl(d, `${base}/g`)).rejects.toThrow(/already subscribed/);
    expect((await updateAll(d)).length).toBe(1);
  });
});
