import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvidence, sha256Hex, type EvidenceBody } from '../../src/lib/evidence/index.js';
import sharp from 'sharp';
import { fromBackup, listText, signList, verifyList, type ListDraft } from '../../src/lib/list/index.js';
import { runCli } from './helpers/run-cli.js';

const DEMO_LIST = new URL('../../public/demo-list.json', import.meta.url).pathname;
const IMAGES = new URL('../../demo/images/', import.meta.url).pathname;

async function run(...argv: string[]): Promise<{ code: number; stdout: string }> {
  const r = await runCli(argv);
  return { code: r.code, stdout: `${r.stdout}${r.stderr}` };
}

describe('license-lens evidence verify', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'll-evidence-'));
  let origin = '';
  /** Bytes served under a name of their own (a re-saved copy). */
  const served = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const name = (req.url ?? '').slice(1);
    if (served.has(name)) return void res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(served.get(name));
    if (!/^[a-z-]+\.jpg$/.test(name)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(readFileSync(join(IMAGES, name)));
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  async function report(image: string, png: Uint8Array, marks?: EvidenceBody['marks'], listFile = DEMO_LIST, extra: Partial<EvidenceBody> = {}): Promise<string> {
    const v = await verifyList(readFileSync(listFile, 'utf8'));
    if (!v.ok) throw new Error(v.error);
    const work = v.list.works.find((w) => w.id === 'astronaut')!;
    const body: EvidenceBody = {
      format: 'license-lens/evidence',
      formatVersion: 1,
      created: '2026-12-06T02:00:00.000Z',
      extensionVersion: '0.1.0',
      pageUrl: `${origin}/page.html`,
      image: { url: `${origin}/${image}`, png: { file: 'report.png', sha256: await sha256Hex(png) } },
      verdict: 'unlicensed',
      similarity: 100,
      distance: 0,
      changes: [],
      regions: [],
      ...(marks ? { marks, changes: ['marked'] } : {}),
      work: { id: work.id, model: work.model, modelName: v.list.models[0]!.name, fingerprints: work.fingerprints, ...(work.sha256 ? { sha256: work.sha256 } : {}) },
      ...extra,
      list: { id: v.list.id, name: v.list.name, edition: v.list.version, publisher: v.list.publisher.name, keyFingerprint: v.keyFingerprint },
    };
    const file = join(dir, `${image}.json`);
    writeFileSync(file, JSON.stringify(await buildEvidence(body), null, 2));
    writeFileSync(join(dir, 'report.png'), png);
    return file;
  }

  it('passes a saved report and, with --fetch, an image that still matches; fails an edited one and a changed image', async () => {
    const file = await report('astronaut.jpg', new Uint8Array([137, 80, 78, 71]));
    const good = await run('evidence', 'verify', file, '--list', DEMO_LIST, '--fetch');
    expect(good.stdout).toMatch(/ok {3}image now: the image at the URL still matches work astronaut/);
    expect(good.stdout).toMatch(/ok {3}png: report\.png is the PNG/);
    expect(good.code).toBe(0);

    const edited = JSON.parse(readFileSync(file, 'utf8'));
    edited.verdict = 'licensed';
    writeFileSync(file, JSON.stringify(edited));
    const bad = await run('evidence', 'verify', file, '--list', DEMO_LIST);
    expect(bad.stdout).toMatch(/FAIL intact: the report was changed after it was saved/);
    expect(bad.code).toBe(1);

    const other = await report('coffee.jpg', new Uint8Array([1]));
    const gone = await run('evidence', 'verify', other, '--list', DEMO_LIST, '--fetch');
    expect(gone.stdout).toMatch(/FAIL image now: the image at the URL no longer matches work astronaut/);
    expect(gone.code).toBe(1);
  });

  it('checks an "identical to the registered file" report against the file hash the list names, and the bytes served now', async () => {
    // The demo list names every work's file hash (npm run demo:make); the same list re-signed without the
    // astronaut's (the demo key is a published test key), as older lists are.
    const hashedList = DEMO_LIST;
    const astronaut = readFileSync(join(IMAGES, 'astronaut.jpg'));
    const draft = JSON.parse(readFileSync(DEMO_LIST, 'utf8')) as ListDraft & { signature?: unknown };
    delete draft.signature;
    expect(draft.works.find((w) => w.id === 'astronaut')!.sha256).toBe(createHash('sha256').update(astronaut).digest('hex'));
    delete draft.works.find((w) => w.id === 'astronaut')!.sha256;
    const unhashedList = join(dir, 'unhashed-list.json');
    writeFileSync(unhashedList, listText(await signList(draft, await fromBackup(readFileSync(new URL('../../demo/demo-key.json', import.meta.url), 'utf8')))));
    const identical = { identical: true as const, changes: ['same'] };

    const file = await report('astronaut.jpg', new Uint8Array([137, 80, 78, 71]), undefined, hashedList, identical);
    const good = await run('evidence', 'verify', file, '--list', hashedList, '--fetch');
    expect(good.stdout).toMatch(/ok {3}work: work astronaut/);
    expect(good.stdout).toMatch(/ok {3}image now: .*its bytes are the registered file's/);
    expect(good.stdout).toMatch(/ok {3}identical now: the image at the URL is the registered file, byte for byte/);
    expect(good.code).toBe(0);

    served.set('resaved.jpg', await sharp(astronaut).jpeg({ quality: 40 }).toBuffer());
    const resaved = await report('resaved.jpg', new Uint8Array([137, 80, 78, 71]), undefined, hashedList, identical);
    const bad = await run('evidence', 'verify', resaved, '--list', hashedList, '--fetch');
    expect(bad.stdout).toMatch(/ok {3}image now: the image at the URL still matches work astronaut/);
    expect(bad.stdout).toMatch(/FAIL identical now: the image at the URL is no longer the registered file's bytes/);
    expect(bad.code).toBe(1);

    // A report naming a file hash the list does not is not the list's work.
    const unbacked = await report('astronaut.jpg', new Uint8Array([137, 80, 78, 71]), undefined, unhashedList, { ...identical, work: { ...JSON.parse(readFileSync(file, 'utf8')).work } });
    const refused = await run('evidence', 'verify', unbacked, '--list', unhashedList);
    expect(refused.stdout).toMatch(/FAIL work: work astronaut in the list has other fingerprints or another model/);
    expect(refused.code).toBe(1);
  });

  it('passes a report with mark boxes and fails one whose mark box was edited after saving', async () => {
    const file = await report('astronaut.jpg', new Uint8Array([137, 80, 78, 71]), [{ x: 0, y: 0, width: 160, height: 96 }]);
    const good = await run('evidence', 'verify', file, '--list', DEMO_LIST);
    expect(good.stdout).toMatch(/ok {3}intact: the report is as it was saved/);
    expect(good.code).toBe(0);
    const edited = JSON.parse(readFileSync(file, 'utf8'));
    edited.marks[0].x = 300;
    writeFileSync(file, JSON.stringify(edited));
    const bad = await run('evidence', 'verify', file, '--list', DEMO_LIST);
    expect(bad.stdout).toMatch(/FAIL intact: the report was changed after it was saved/);
    expect(bad.code).toBe(1);
  });
});
