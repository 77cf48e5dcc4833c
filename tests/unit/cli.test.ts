import sharp from 'sharp';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromBackup } from '../../src/lib/list/ed25519.js';
import { verifyList } from '../../src/lib/list/sign.js';
import { runCli } from './helpers/run-cli.js';

const DEMO = new URL('../../demo/images/', import.meta.url).pathname;

const run = (...argv: string[]) => runCli(argv);

describe('license-lens CLI', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'll-cli-'));
  const key = join(dir, 'key.json');
  const list = join(dir, 'list.json');
  const images = join(dir, 'images');
  mkdirSync(join(images, 'second'), { recursive: true });
  copyFileSync(join(DEMO, 'astronaut.jpg'), join(images, 'astronaut.jpg'));
  copyFileSync(join(DEMO, 'chelsea.jpg'), join(images, 'second', 'chelsea.jpg'));
  writeFileSync(join(images, 'broken.png'), 'this is not a PNG');
  const meta = join(dir, 'models.json');
  const license = { personalUse: true, commercialUse: 'allowed', attributionRequired: true, derivativesAllowed: true };
  writeFileSync(
    meta,
    JSON.stringify({
      list: { id: 'cli-test', name: 'CLI test list' },
      publisher: { name: 'CLI <b>Tester</b>', homepage: 'https://cli.example' },
      models: [
        { id: 'first', name: 'First', license },
        { id: 'second', name: 'Second', license: { ...license, commercialUse: 'forbidden' } },
      ],
    }),
  );

  it('keygen writes a key the extension can import, and refuses to overwrite it', async () => {
    const r = await run('keygen', '--out', key);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/key fingerprint: [0-9a-f]{4}( [0-9a-f]{4}){7}/);
    await expect(fromBackup(readFileSync(key, 'utf8'))).resolves.toMatchObject({ publicKey: expect.any(String) });
    expect((await run('keygen', '--out', key)).code).toBe(2);
  });

  it('build fingerprints a folder (subfolders by model), names the unreadable file and still writes a signed list', async () => {
    const r = await run('build', images, '--meta', meta, '--key', key, '--out', list, '--list-version', '3');
    expect(r.stderr).toMatch(/skipped broken\.png: /);
    expect(r.code).toBe(1);
    const v = await verifyList(readFileSync(list, 'utf8'));
    if (!v.ok) throw new Error(v.error);
    expect(v.list).toMatchObject({ id: 'cli-test', version: 3, publisher: { name: 'CLI <b>Tester</b>' } });
    expect(v.list.works.map((w) => [w.id, w.model])).toEqual([
      ['astronaut', 'first'],
      ['second-chelsea', 'second'],
    ]);
    // Same fingerprinting code as the demo list generator: identical fingerprints for the same file.
    const demo = JSON.parse(readFileSync(new URL('../../public/demo-list.json', import.meta.url), 'utf8'));
    expect(v.list.works[0]!.fingerprints[0]).toBe(demo.works.find((w: { id: string }) => w.id === 'astronaut').fingerprints[0]);
  });

  it('build records each work\'s pixel size and chroma grid, and check then calls a half-size copy resized', async () => {
    const v = await verifyList(readFileSync(list, 'utf8'));
    if (!v.ok) throw new Error(v.error);
    const meta = await sharp(join(DEMO, 'astronaut.jpg')).metadata();
    expect(v.list.works[0]).toMatchObject({ size: { width: meta.width, height: meta.height }, chroma: expect.stringMatching(/^[A-Za-z0-9_-]{171}$/) });
    const half = join(dir, 'half.jpg');
    writeFileSync(half, await sharp(join(DEMO, 'astronaut.jpg')).resize(Math.round(meta.width! / 2)).jpeg({ quality: 85 }).toBuffer());
    expect((await run('check', half, '--list', list)).stdout).toMatch(/% similar \(aligned detail comparison\) · resized or recompressed\n/);
  });

  it('verify accepts the list and rejects it with one byte changed', async () => {
    const ok = await run('verify', list);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/valid signed list "CLI test list".*\n.*CLI <b>Tester<\/b>[\s\S]*2 models, 2 works/);
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, readFileSync(list, 'utf8').replace('"First"', '"Firsu"'));
    const bad = await run('verify', tampered);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad signature/);
    writeFileSync(tampered, '{"format":');
    expect((await run('verify', tampered)).stderr).toMatch(/not valid JSON/);
  });

  it('check finds the altered copy with its verdict, and says so when nothing matches', async () => {
    const hit = await run('check', join(DEMO, 'astronaut-altered.jpg'), '--list', list, '--page', 'https://shop.example/p');
    expect(hit.code).toBe(0);
    expect(hit.stdout).toMatch(/astronaut: First by CLI <b>Tester<\/b>, verdict free-credit on https:\/\/shop\.example\/p\n {4}\d+% similar \(aligned detail comparison\) · /);
    // A quarter redrawn: said in words, with the region as a box in the image's pixels, and carried by --json.
    const redrawn = join(dir, 'redrawn.jpg');
    const meta = await sharp(join(DEMO, 'astronaut.jpg')).metadata();
    const [w, h] = [Math.round(meta.width! / 2), Math.round(meta.height! / 2)];
    const patch = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="rgb(200,180,40)"/><circle cx="${w / 2}" cy="${h / 3}" r="${h / 3}" fill="rgb(20,90,200)"/></svg>`;
    writeFileSync(redrawn, await sharp(join(DEMO, 'astronaut.jpg')).composite([{ input: Buffer.from(patch), left: w, top: h }]).jpeg().toBuffer());
    const words = await run('check', redrawn, '--list', list);
    expect(words.stdout).toMatch(/partly redrawn \(\d+% of the image, bottom right\)/);
    expect(words.stdout).toMatch(/redrawn region: x \d+, y \d+, \d+ x \d+ px of \d+ x \d+/);
    const json = JSON.parse((await run('check', redrawn, '--list', list, '--json')).stdout);
    const region = json.matches[0].hints.changes.find((c: { kind: string }) => c.kind === 'redrawn').regions[0];
    expect(json.matches[0].hints).toMatchObject({ decidedBy: 'detail' });
    // Boxes are in the pixels of hints.size: scale the drawn quarter to them.
    const { size } = json.matches[0].hints;
    const [sx, sy] = [size.width / meta.width!, size.height / meta.height!];
    // The box covers most of the bottom-right quarter it was drawn in.
    const [qx, qy, qw, qh] = [w * sx, h * sy, (meta.width! - w) * sx, (meta.height! - h) * sy];
    const overlap = Math.max(0, region.x + region.width - Math.max(region.x, qx)) * Math.max(0, region.y + region.height - Math.max(region.y, qy));
    expect(overlap / (region.width * region.height + qw * qh - overlap)).toBeGreaterThan(0.5);
    const miss = await run('check', join(DEMO, 'coffee.jpg'), '--list', list, '--json');
    expect(miss.code).toBe(1);
    expect(JSON.parse(miss.stdout)).toMatchObject({ matches: [], fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await run('check', join(dir, 'nope.jpg'), '--list', list)).stderr).toMatch(/no such image file/);
  });

  it('build refuses a folder whose list subscribers would refuse, before fingerprinting, saying how many images fit', async () => {
    const many = join(dir, 'many');
    mkdirSync(many);
    // Never decoded: the size check comes first (at 27 fingerprints and a detail thumbnail a work, about 5,900 fit).
    for (let i = 0; i < 7000; i++) writeFileSync(join(many, `image-${String(i).padStart(5, '0')}.png`), '');
    const out = join(dir, 'too-big.json');
    const r = await run('build', many, '--meta', meta, '--key', key, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^license-lens: 7,000 images make a list of at least 2\d\.\d MB, over the 20\.0 MB subscribers accept: at most 5,\d{3} of them fit in one list\..*Nothing was fingerprinted or written\.\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('explains bad usage', async () => {
    expect((await run('frobnicate')).stderr).toMatch(/unknown command "frobnicate"/);
    const noKey = await run('build', images, '--meta', meta, '--out', list);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/--key key\.json is required/);
  });
});
