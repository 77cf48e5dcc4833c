/** `license-lens audit <folder>` end to end: the real CLI, its decoding threads and its cache, on the demo list. */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, runCli } from './helpers/run-cli.js';
import { CACHE_FORMAT } from '../../src/cli/audit/fingerprint-cache.js';

const DEMO = new URL('../../demo/images/', import.meta.url).pathname;
const LIST = new URL('../../public/demo-list.json', import.meta.url).pathname;

const run = (...argv: string[]) => runCli(argv, 150_000);

interface JsonImage {
  file: string;
  status: string;
  reason?: string;
  matches: Array<{ verdict: string }>;
}

describe('license-lens audit', { timeout: 400_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'll-audit-'));

  it('audits a folder recursively, names an unreadable file and goes on; --site decides licensed as the extension does', async () => {
    const site = join(dir, 'site');
    mkdirSync(join(site, 'img', 'deep'), { recursive: true });
    copyFileSync(join(DEMO, 'astronaut-altered.jpg'), join(site, 'img', 'deep', 'hero.jpg'));
    copyFileSync(join(DEMO, 'coffee.jpg'), join(site, 'coffee.jpg'));
    writeFileSync(join(site, 'img', 'broken.png'), 'this is not a PNG');
    writeFileSync(join(site, 'notes.txt'), 'not an image file name');
    const cache = join(dir, 'cache');
    const r = await run('audit', site, '--list', LIST, '--cache', cache, '--json', '--html', join(dir, 'r.html'));
    expect(r.code, r.stderr).toBe(1);
    const images = JSON.parse(r.stdout).images as JsonImage[];
    expect(images.map((i) => [i.file, i.status, i.matches[0]?.verdict])).toEqual([
      ['img/deep/hero.jpg', 'matched', 'unlicensed'],
      ['coffee.jpg', 'clear', undefined],
      ['img/broken.png', 'unreadable', undefined],
    ]);
    expect(images[2]!.reason).toBeTruthy();
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toMatch(/<img src="data:image\/jpeg;base64,[^"]+" alt="">/);
    // The demo model's licensee holds studio.example: the same verdict the extension gives a page there.
    const licensed = await run('audit', site, '--list', LIST, '--cache', cache, '--site', 'shop.studio.example', '--json');
    expect(licensed.code, licensed.stderr).toBe(0);
    expect(JSON.parse(licensed.stdout)).toMatchObject({ summary: { fromCache: 2, byVerdict: { licensed: 1, unlicensed: 0 } } });
    expect((await run('audit', site, '--list', LIST, '--cache', cache, '--fail-on', 'unreadable', '--site', 'studio.example')).code).toBe(1);
    const missing = await run('audit', join(dir, 'nope'), '--list', LIST, '--no-cache');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such folder/);
  });

  it('resumes an interrupted audit: what the killed run finished comes from the cache', async () => {
    const many = join(dir, 'many');
    mkdirSync(many);
    const names = ['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg', 'starry-night.jpg', 'generated-muse.png'];
    for (let i = 0; i < 30; i++) copyFileSync(join(DEMO, names[i % names.length]!), join(many, `${String(i).padStart(2, '0')}-${names[i % names.length]}`));
    const cache = join(dir, 'resume-cache');
    const file = join(cache, `fingerprints-v${CACHE_FORMAT}.jsonl`);
    const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);
    const child = spawn(process.execPath, [CLI_BIN, 'audit', many, '--list', LIST, '--cache', cache, '--jobs', '1'], { stdio: 'ignore' });
    const exited = new Promise((done) => child.on('exit', done));
    await expect.poll(lines, { timeout: 200_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    child.kill('SIGKILL');
    await exited;
    const before = lines();
    expect(before).toBeLessThan(30); // it really was cut short
    // Copies of an image already fingerprinted are found by their bytes' hash: they come from the cache too.
    const source = (path: string) => path.replace(/^.*[/\\]\d\d-/, '');
    const parsed = (l: string) => {
      try {
        return [source((JSON.parse(l) as { k: string }).k.split('\u0000')[0]!)];
      } catch {
        return []; // the line the kill cut off
      }
    };
    const finished = new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean).flatMap(parsed));
    const fromCache = Array.from({ length: 30 }, (_, i) => names[i % names.length]!).filter((n) => finished.has(n)).length;
    const r = await run('audit', many, '--list', LIST, '--cache', cache, '--json');
    expect(r.code, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.summary.images).toBe(30);
    expect(j.summary.fromCache).toBe(fromCache);
    expect(j.summary.unreadable).toBe(0);
    expect(lines()).toBe(30);
  });
});
