/**
 * Regenerates the demo's derived files from demo/images: the altered copy (resized and recompressed) and the
 * bundled demo lists public/demo-list.json (and its hostile variant) with fingerprints made by the same code the CLI uses.
 * Run with `npm run demo:make`; a unit test checks the committed outputs still agree with the images.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { fingerprintFile } from '../src/node/decode.js';
import { DEMO_WORKS, demoList, hostileDemoList } from '../demo/demo-list-source.js';

const dir = new URL('../demo/images/', import.meta.url);
const astronaut = readFileSync(new URL('astronaut.jpg', dir));
const meta = await sharp(astronaut).metadata();
await sharp(astronaut)
  .resize(Math.round(meta.width! * 0.6))
  .jpeg({ quality: 55 })
  .toFile(new URL('astronaut-altered.jpg', dir).pathname);

const fingerprints: Record<string, string> = {};
for (const w of DEMO_WORKS) fingerprints[w.file] = await fingerprintFile(new URL(w.file, dir).pathname);
writeFileSync(new URL('../public/demo-list.json', import.meta.url), `${JSON.stringify(demoList(fingerprints), null, 2)}\n`);
writeFileSync(new URL('../public/demo-list-hostile.json', import.meta.url), `${JSON.stringify(hostileDemoList(fingerprints), null, 2)}\n`);
console.log('wrote demo/images/astronaut-altered.jpg, public/demo-list.json and public/demo-list-hostile.json');
