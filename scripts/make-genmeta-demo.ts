/**
 * Writes the generation-record demo images: abstract pictures drawn here (no third-party content) carrying an
 * AUTOMATIC1111 `parameters` chunk. generated-muse.png names the demo model only by its Model hash (its model
 * name and pixels tie it to nothing registered); generated-other.png names a model nobody registered.
 * Run with `npx tsx scripts/make-genmeta-demo.ts`; the e2e test tests/e2e/genmeta.e2e.test.ts uses both.
 */
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { tEXt, withPngChunks } from '../src/node/genmeta-write.js';

const dir = new URL('../demo/images/', import.meta.url);

function svg(hue: number): Buffer {
  const circles = Array.from({ length: 9 }, (_, i) => {
    const x = 60 + ((i * 137) % 400);
    const y = 60 + ((i * 211) % 400);
    return `<circle cx="${x}" cy="${y}" r="${40 + ((i * 29) % 90)}" fill="hsl(${(hue + i * 37) % 360},70%,${35 + ((i * 13) % 40)}%)" fill-opacity="0.75"/>`;
  }).join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
      `<stop offset="0" stop-color="hsl(${hue},60%,85%)"/><stop offset="1" stop-color="hsl(${(hue + 180) % 360},60%,25%)"/></linearGradient></defs>` +
      `<rect width="512" height="512" fill="url(#g)"/>${circles}</svg>`,
  );
}

const parameters = (model: string, hash: string) =>
  [
    '一只在樱花树下打盹的橘猫，水彩画风格, soft light',
    'Negative prompt: lowres, watermark',
    `Steps: 28, Sampler: DPM++ 2M Karras, CFG scale: 6.5, Seed: 20261122, Size: 512x512, Model hash: ${hash}, Model: ${model}, Version: v1.10.1`,
  ].join('\n');

for (const [file, hue, model, hash] of [
  ['generated-muse.png', 20, 'museFinetune_e12', '4a3f9c0d1e'],
  ['generated-other.png', 200, 'sd_xl_base_1.0', '31e35c80fc'],
] as const) {
  const png = await sharp(svg(hue)).png({ compressionLevel: 9 }).toBuffer();
  await sharp(withPngChunks(png, [tEXt('parameters', parameters(model, hash))])).toBuffer(); // sharp must still decode it
  writeFileSync(new URL(file, dir), withPngChunks(png, [tEXt('parameters', parameters(model, hash))]));
}
console.log('wrote demo/images/generated-muse.png and generated-other.png');
