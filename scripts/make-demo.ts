/**
 * Regenerates the demo's derived files from demo/images: the altered copy (resized and recompressed) and the
 * bundled demo list public/demo-list.json with fingerprints made by the same code the CLI uses, signed with the
 * demo key (demo/demo-key.json, a published test key).
 * Run with `npm run demo:make`; a unit test checks the committed outputs still agree with the images.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { fingerprintFile } from '../src/node/decode.js';
import { DEMO_WORKS, demoList } from '../demo/demo-list-source.js';
import { fromBackup } from '../src/lib/keys.js';
import { listText, signList } from '../src/lib/list/sign.js';

const dir = new URL('../demo/images/', import.meta.url);
const astronaut = readFileSync(new URL('astronaut.jpg', dir));
const meta = await sharp(astronaut).metadata();
await sharp(astronaut)
  .resize(Math.round(meta.width! * 0.6))
  .jpeg({ quality: 55 })
  .toFile(new URL('astronaut-altered.jpg', dir).pathname);

const fingerprints: Record<string, string> = {};
for (const w of DEMO_WORKS) fingerprints[w.file] = await fingerprintFile(new URL(w.file, dir).pathname);
// Signed with the committed demo key (demo/demo-key.json): a test key whose private half is public on purpose.
const demoKey = await fromBackup(readFileSync(new URL('../demo/demo-key.json', import.meta.url), 'utf8'));
writeFileSync(new URL('../public/demo-list.json', import.meta.url), listText(await signList(demoList(fingerprints), demoKey)));
console.log('wrote demo/images/astronaut-altered.jpg and public/demo-list.json');
