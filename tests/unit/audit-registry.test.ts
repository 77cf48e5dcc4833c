/**
 * `license-lens audit <folder> --registry`: a registry built by `license-lens registry build` in a temp folder, read
 * from its folder and over http (files kept in the cache), no list given: the registered image is flagged with its
 * publisher and verification; a shard changed after the build is refused with its reason and exit code 2.
 */
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyPair, signList, type ListDraft } from '../../src/lib/list/index.js';
import { auditOptions } from '../../src/cli/audit/audit-args.js';
import { runUrlAudit } from '../../src/cli/audit/url/run-url-audit.js';
import { runCli } from './helpers/run-cli.js';

const DEMO = new URL('../../demo/images/', import.meta.url).pathname;
const demo = JSON.parse(readFileSync(new URL('../../public/demo-list.json', import.meta.url), 'utf8')) as ListDraft & { signature?: unknown };

const run = (...argv: string[]) => runCli(argv, 150_000);

describe('license-lens audit --registry', { timeout: 600_000 }, () => {
  it('takes --registry as a source beside --list (one of them is needed); pages need its http(s) address', async () => {
    expect(auditOptions(['site', '--registry', 'reg', '--registry', 'https://r.example/manifest.json']).registries).toEqual(['reg', 'https://r.example/manifest.json']);
    expect(() => auditOptions(['site'])).toThrow(/--list list.json or --registry/);
    const pages = runUrlAudit({ targets: ['https://shop.example/'], sitemap: false, lists: [], registries: ['./reg'], depth: 0, maxPages: 1, concurrency: 1 });
    await expect(pages).rejects.toThrow(/--registry \.\/reg: pages are judged by the extension, .* give its http\(s\) address/);
  });

  const dir = mkdtempSync(join(tmpdir(), 'll-audit-reg-'));
  const reg = join(dir, 'registry');
  const site = join(dir, 'site');
  const server = createServer((req, res) => {
    const path = join(reg, decodeURIComponent(new URL(req.url!, 'http://x').pathname));
    if (!path.startsWith(reg) || !existsSync(path)) return void res.writeHead(404).end();
    res.writeHead(200).end(readFileSync(path));
  });
  afterAll(() => server.close());

  it('flags a registered image through the registry alone, from its folder and over http; refuses a changed shard', async () => {
    // A publisher's own signed list (the demo works under another key), built into a registry by the CLI.
    const draft: Partial<typeof demo> = { ...demo };
    delete draft.signature;
    const list = await signList({ ...draft, id: 'mira-works', name: "Mira's works", publisher: { name: 'Mira Stone' } } as ListDraft, await generateKeyPair());
    writeFileSync(join(dir, 'mira.json'), JSON.stringify(list));
    expect((await run('keygen', '--out', join(dir, 'registry-key.json'))).code).toBe(0);
    const built = await run('registry', 'build', join(dir, 'mira.json'), '--key', join(dir, 'registry-key.json'), '--out', reg, '--name', 'Test registry', '--offline');
    expect(built.code, built.stderr).toBe(0);
    mkdirSync(site);
    copyFileSync(join(DEMO, 'astronaut-altered.jpg'), join(site, 'hero.jpg'));
    copyFileSync(join(DEMO, 'coffee.jpg'), join(site, 'coffee.jpg'));

    const fromFolder = await run('audit', site, '--registry', reg, '--no-cache', '--json');
    expect(fromFolder.code, fromFolder.stderr).toBe(1);
    const j = JSON.parse(fromFolder.stdout) as { registries: Array<{ name: string; publishers: Array<{ name: string; verified: string[] }> }>; images: Array<{ file: string; matches: Array<{ verdict: string; source: string; creator: { name: string } }> }> };
    expect(j.registries).toMatchObject([{ name: 'Test registry', publishers: [{ name: 'Mira Stone', verified: [] }] }]);
    expect(j.images.map((i) => [i.file, i.matches[0]?.verdict])).toEqual([
      ['hero.jpg', 'unlicensed'],
      ['coffee.jpg', undefined],
    ]);
    expect(j.images[0]!.matches[0]!.source).toMatch(/^registry:[0-9a-f]{16}\/0$/);

    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/manifest.json`;
    const cache = join(dir, 'cache');
    const overHttp = await run('audit', site, '--registry', url, '--cache', cache);
    expect(overHttp.code, overHttp.stderr).toBe(1);
    expect(overHttp.stdout).toMatch(/hero\.jpg\s+unlicensed\s+.*from registry: Mira Stone · unverified \(Test registry\)/);
    // The shards and packs the lookup fetched are kept, by their hash.
    expect(readdirSync(join(cache, 'registry', 'shards')).length).toBeGreaterThan(0);

    // A shard changed after the build: refused, named, exit code 2 (never "no match").
    for (const f of readdirSync(join(reg, 'shards'))) appendFileSync(join(reg, 'shards', f), ' ');
    const tampered = await run('audit', site, '--registry', reg, '--no-cache');
    expect(tampered.code).toBe(2);
    expect(tampered.stderr).toMatch(/hero\.jpg: registry “Test registry”: .*does not match its content hash \(modified or corrupt\): refused/);
  });
});
