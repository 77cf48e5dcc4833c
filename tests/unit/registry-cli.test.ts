import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, toBackup } from '../../src/lib/list/index.js';
import { verifyManifest } from '../../src/lib/registry/index.js';
import { listText } from './helpers/registry-fixtures.js';
import { runCli } from './helpers/run-cli.js';


const run = (...argv: string[]) => runCli(argv);

describe('license-lens registry', { timeout: 120_000 }, () => {
  it('builds a signed registry from a folder, skips a broken list and an unreachable source with their reasons, and applies a revocation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-reg-'));
    const lists = join(dir, 'lists');
    mkdirSync(lists);
    const [a, b, registryKey] = [await generateKeyPair(), await generateKeyPair(), await generateKeyPair()];
    writeFileSync(join(lists, 'a.json'), await listText(a, 'Ann', [1, 2, 3]));
    writeFileSync(join(lists, 'b.json'), await listText(b, 'Bo', [10, 11]));
    writeFileSync(join(lists, 'c.json'), '{"format":"license-lens/list"');
    writeFileSync(join(dir, 'b-key.json'), JSON.stringify(toBackup(b)));
    writeFileSync(join(dir, 'registry-key.json'), JSON.stringify(toBackup(registryKey)));
    writeFileSync(join(dir, 'sources.txt'), '# lists by URL\nhttp://127.0.0.1:9/none.json\n');
    expect((await run('registry', 'revoke', '--key', join(dir, 'b-key.json'), '--out', join(lists, 'revoke-b.json'))).code).toBe(0);
    const out = join(dir, 'registry');
    const r = await run('registry', 'build', lists, '--sources', join(dir, 'sources.txt'), '--key', join(dir, 'registry-key.json'), '--out', out, '--offline');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/registry edition 1: 2 publishers, 3 works, 6 fingerprints/);
    expect(r.stdout).toMatch(/skipped .*b\.json: the publisher revoked its key/);
    expect(r.stdout).toMatch(/skipped .*c\.json: not valid JSON/);
    expect(r.stdout).toMatch(/skipped http:\/\/127\.0\.0\.1:9\/none\.json: /);
    const m = await verifyManifest(readFileSync(join(out, 'manifest.json')), registryKey.publicKey);
    expect(m.ok && m.value.publishers.map((p) => [p.name, p.works, p.revoked ?? null])).toEqual([['Ann', 3, null], ['Bo', 0, expect.any(String)]]);
  });

  it('builds a delta edition in the previous folder, and a full one when a list dropped a work or --rebuild asks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-reg-'));
    const lists = join(dir, 'lists');
    mkdirSync(lists);
    const [a, registryKey] = [await generateKeyPair(), await generateKeyPair()];
    writeFileSync(join(lists, 'a.json'), await listText(a, 'Ann', [1, 2, 3]));
    writeFileSync(join(dir, 'registry-key.json'), JSON.stringify(toBackup(registryKey)));
    const out = join(dir, 'registry');
    const build = (...more: string[]) => run('registry', 'build', lists, '--key', join(dir, 'registry-key.json'), '--out', out, '--offline', ...more);
    expect((await build()).code).toBe(0);
    writeFileSync(join(lists, 'a.json'), await listText(a, 'Ann', [1, 2, 3, 4]));
    const two = await build('--previous', join(out, 'manifest.json'));
    expect(two.stdout).toMatch(/registry edition 2: 1 publishers, 4 works/);
    expect(two.stdout).toMatch(/delta: 2 layers; the new layer's summary is \d+ bytes/);
    writeFileSync(join(lists, 'a.json'), await listText(a, 'Ann', [2, 3, 4]));
    const three = await build('--previous', join(out, 'manifest.json'));
    expect(three.stdout).toMatch(/a full build instead of a delta: Ann's list no longer holds work w1/);
    expect(three.stdout).toMatch(/registry edition 3: 1 publishers, 3 works/);
    const four = await build('--previous', join(out, 'manifest.json'), '--rebuild');
    expect(four.stdout).toMatch(/registry edition 4: /);
    expect(four.stdout).not.toMatch(/delta:/);
    const m = await verifyManifest(readFileSync(join(out, 'manifest.json')), registryKey.publicKey);
    expect(m.ok && m.value.layers.length).toBe(1);
  });
});
