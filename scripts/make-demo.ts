/**
 * Regenerates the demo's derived files from demo/images: the altered copies (resized and recompressed; mirrored;
 * cropped; outpainted; rotated) and the bundled demo list public/demo-list.json, with each work's fingerprints made by workFingerprints
 * (the one function every registration path calls) and each file's SHA-256, signed with the demo key (demo/demo-key.json, a published
 * test key). Run with `npm run demo:make`; a unit test checks the committed outputs still agree with the images.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { decodeFull } from '../src/node/decode.js';
import { DEMO_WORKS, demoList, hostileDemoList, type DemoPrint } from '../demo/demo-list-source.js';
import { fromBackup } from '../src/lib/list/ed25519.js';
import { listText, signList } from '../src/lib/list/sign.js';

const dir = new URL('../demo/images/', import.meta.url);
const out = (name: string) => new URL(name, dir).pathname;
const astronaut = readFileSync(new URL('astronaut.jpg', dir));
const meta = await sharp(astronaut).metadata();
await sharp(astronaut).resize(Math.round(meta.width! * 0.6)).jpeg({ quality: 55 }).toFile(out('astronaut-altered.jpg'));
// Mirrored copy: what a reposter does to dodge a reverse image search.
await sharp(astronaut).flop().jpeg({ quality: 80 }).toFile(out('astronaut-mirrored.jpg'));
// Cropped copy: 12% off the left of the cat portrait (one of the stored crop steps; off-step recall is in
// docs/benchmarks.md), then resized and recompressed.
const chelsea = readFileSync(new URL('chelsea.jpg', dir));
const cm = await sharp(chelsea).metadata();
const left = Math.round(cm.width! * 0.12);
await sharp(chelsea)
  .extract({ left, top: 0, width: cm.width! - left, height: cm.height! })
  .resize(Math.round((cm.width! - left) * 0.8))
  .jpeg({ quality: 75 })
  .toFile(out('chelsea-cropped.jpg'));
// Outpainted copy ("generative expand"): the cat portrait fills 60% of a larger canvas, at its right edge and
// centred vertically, the rest a blurred stretched copy of it (the construction tests/unit/geometry-match.test.ts finds).
const W = Math.round(cm.width! / Math.sqrt(0.6));
const H = Math.round(cm.height! / Math.sqrt(0.6));
const fill = await sharp(chelsea).resize(W, H, { fit: 'fill' }).blur(16).png().toBuffer();
await sharp(fill)
  .composite([{ input: chelsea, left: W - cm.width!, top: Math.round((H - cm.height!) / 2) }])
  .jpeg({ quality: 85 })
  .toFile(out('chelsea-extended.jpg'));
// Rotated copy: the astronaut turned 2 degrees clockwise, white corners, rescaled to the original size.
const turned = await sharp(astronaut).rotate(2, { background: '#ffffff' }).flatten({ background: '#ffffff' }).png().toBuffer();
await sharp(turned).resize(meta.width!, meta.height!, { fit: 'fill' }).jpeg({ quality: 85 }).toFile(out('astronaut-rotated.jpg'));

const prints: Record<string, DemoPrint> = {};
// Each work with its natural size and its file's hash, as `license-lens build` lists it: a smaller copy is then named
// "resized", the demo page's own copies of the files "identical to the registered file".
for (const w of DEMO_WORKS) {
  const px = await decodeFull(out(w.file));
  const sha256 = createHash('sha256').update(readFileSync(out(w.file))).digest('hex');
  prints[w.file] = { ...workFingerprints(px), size: { width: px.width, height: px.height }, sha256 };
}
// Signed with the committed demo key (demo/demo-key.json): a test key whose private half is public on purpose.
const demoKey = await fromBackup(readFileSync(new URL('../demo/demo-key.json', import.meta.url), 'utf8'));
writeFileSync(new URL('../public/demo-list.json', import.meta.url), listText(await signList(demoList(prints), demoKey)));
writeFileSync(new URL('../tests/fixtures/lists/demo-list-hostile.json', import.meta.url), listText(await signList(hostileDemoList(prints), demoKey)));
console.log('wrote demo/images/astronaut-altered.jpg, astronaut-mirrored.jpg, chelsea-cropped.jpg, chelsea-extended.jpg, astronaut-rotated.jpg, public/demo-list.json and tests/fixtures/lists/demo-list-hostile.json (test build only)');
