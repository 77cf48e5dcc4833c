import { describe, expect, it } from 'vitest';
import { readGenRecord } from '../../src/lib/genmeta/index.js';
import { decodeUserComment } from '../../src/lib/genmeta/exif.js';
import { parseA1111, settingsPairs } from '../../src/lib/genmeta/a1111.js';
import { parseComfyPrompt } from '../../src/lib/genmeta/comfyui.js';
import { digitalSourceTypeFromXmp } from '../../src/lib/genmeta/xmp.js';
import { GENMETA_LIMITS } from '../../src/lib/genmeta/limits.js';
import * as fx from '../fixtures/genmeta/build.js';

const EXPECTED_A1111 = {
  tool: 'AUTOMATIC1111 v1.10.1',
  prompt: `${fx.CHINESE_PROMPT}\nsecond line of the prompt, <lora:inkWash_v1:0.8>`,
  negativePrompt: 'lowres, blurry\nwatermark',
  model: { name: 'portraitMuse_v2', hash: fx.MODEL_HASH },
  loras: [
    { name: 'inkWash_v1', hash: '0123456789ab' },
    { name: 'paper:texture', hash: '9f8e7d6c5b4a' },
  ],
};

describe('AUTOMATIC1111 parameters', () => {
  it.each(['iTXt', 'iTXt-compressed', 'zTXt', 'tEXt'] as const)('reads a PNG %s chunk with a Chinese prompt', async (kind) => {
    const rec = await fx.a1111Png(kind).then(readGenRecord);
    expect(rec).toEqual({ ...EXPECTED_A1111, found: ['png:parameters'] });
  });

  it.each([
    ['big-endian UTF-16 in a big-endian TIFF', 'be', false],
    ['big-endian UTF-16 in a little-endian TIFF (what A1111 writes)', 'be', true],
    ['little-endian UTF-16 in a little-endian TIFF', 'le', true],
    ['little-endian UTF-16 in a big-endian TIFF', 'le', false],
  ] as const)('reads a JPEG EXIF UserComment: %s', async (_name, order, le) => {
    const rec = await fx.a1111Jpeg(order, le).then(readGenRecord);
    expect(rec).toEqual({ ...EXPECTED_A1111, found: ['exif:UserComment'] });
  });

  it('splits JSON-quoted values holding commas, and keeps the first of repeated keys', () => {
    const p = settingsPairs('Steps: 20, Template: "a, \\"b\\", c", Size: 512x512, Steps: 99');
    expect(p.get('Template')).toBe('a, "b", c');
    expect(p.get('Steps')).toBe('20');
  });

  it('caps names, lists and prompts', () => {
    const loras = Array.from({ length: 100 }, (_, i) => `l${i}: ${String(i).padStart(10, '0')}`).join(', ');
    const rec = parseA1111(`${'p'.repeat(50_000)}\nSteps: 1, Sampler: a, Model: ${'m'.repeat(5000)}, Lora hashes: "${loras}"`)!;
    expect(rec.prompt).toHaveLength(GENMETA_LIMITS.maxTextChars);
    expect(rec.model!.name).toHaveLength(GENMETA_LIMITS.maxNameChars);
    expect(rec.loras).toHaveLength(GENMETA_LIMITS.maxItems);
  });

  it('says Forge for an "f" version, takes the model hash from Hashes when alone, and leaves plain text alone', () => {
    const rec = parseA1111('cat\nSteps: 20, Sampler: Euler, Hashes: {"model": "ABCDEF0123"}, Version: f2.0.1v1.10.1');
    expect(rec).toMatchObject({ tool: 'Forge f2.0.1v1.10.1', model: { hash: 'abcdef0123' }, prompt: 'cat' });
    expect(parseA1111('just a caption, nothing else')).toBeUndefined();
  });
});

describe('ComfyUI', () => {
  it('reads checkpoint and LoRA loaders and follows the sampler to its prompts', () => {
    expect(parseComfyPrompt(fx.COMFY_PROMPT)).toEqual({
      tool: 'ComfyUI',
      prompt: 'a lighthouse at dawn',
      negativePrompt: 'text, watermark',
      model: { name: 'SDXL/portraitMuse_v2.safetensors' },
      loras: [{ name: 'styles\\inkWash_v1.safetensors' }, { name: 'paperTexture.safetensors' }],
    });
  });

  it('reads the prompt graph from WebP EXIF tags', async () => {
    const rec = await fx.comfyWebp().then(readGenRecord);
    expect(rec).toMatchObject({ tool: 'ComfyUI', model: { name: 'SDXL/portraitMuse_v2.safetensors' }, found: ['exif:prompt'] });
  });

  it('does not loop on a graph whose links go round in circles', () => {
    const graph = { '1': { class_type: 'KSampler', inputs: { positive: ['2', 0] } }, '2': { class_type: 'X', inputs: { c: ['1', 0] } } };
    expect(parseComfyPrompt(graph)).toEqual({ tool: 'ComfyUI' });
  });
});

describe('NovelAI', () => {
  it('reads Software, Description, Source and the Comment JSON', async () => {
    expect(await fx.novelAiPng().then(readGenRecord)).toEqual({
      tool: 'NovelAI',
      prompt: 'a cat in space',
      negativePrompt: 'lowres',
      model: { name: 'Stable Diffusion XL C1E1DE52' },
      found: ['png:Comment'],
    });
  });
});

describe('XMP DigitalSourceType', () => {
  it.each([
    ['JPEG, attribute form', () => fx.xmpJpeg('trainedAlgorithmicMedia', 'attribute'), 'trainedAlgorithmicMedia'],
    ['JPEG, rdf:resource form', () => fx.xmpJpeg('compositeWithTrainedAlgorithmicMedia', 'resource'), 'compositeWithTrainedAlgorithmicMedia'],
    ['PNG iTXt XML:com.adobe.xmp', () => fx.xmpPng('algorithmicMedia'), 'algorithmicMedia'],
    ['WebP XMP chunk', () => fx.xmpWebp('digitalCapture'), 'digitalCapture'],
  ])('%s', async (_name, make, term) => {
    expect(await make().then(readGenRecord)).toEqual({ digitalSourceType: term, found: ['xmp'] });
  });

  it('keeps a value outside the IPTC vocabulary as written', () => {
    expect(digitalSourceTypeFromXmp('<Iptc4xmpExt:DigitalSourceType>made by hand</Iptc4xmpExt:DigitalSourceType>')).toBe('made by hand');
  });
});

describe('C2PA', () => {
  it('finds a manifest store split over JPEG APP11 segments and reads its claim generator and source type', async () => {
    expect(await fx.c2paJpeg().then(readGenRecord)).toEqual({
      hasContentCredentials: true,
      c2pa: { generator: 'Example Generator/2.1', digitalSourceType: 'trainedAlgorithmicMedia' },
      digitalSourceType: 'trainedAlgorithmicMedia',
      found: ['c2pa'],
    });
  });
  it('reads a v2 claim (claim_generator_info) in a PNG caBX chunk', async () => {
    expect(await fx.c2paPng().then(readGenRecord)).toMatchObject({
      hasContentCredentials: true,
      c2pa: { generator: 'Example Painter 1.0', digitalSourceType: 'compositeWithTrainedAlgorithmicMedia' },
    });
  });
  it('reads a WebP C2PA chunk', async () => {
    expect(await fx.c2paWebp().then(readGenRecord)).toEqual({ hasContentCredentials: true, c2pa: { generator: 'Example Camera' }, found: ['c2pa'] });
  });
});

describe('no record', () => {
  it('says nothing about a plain image, an empty file or another format', async () => {
    expect(await fx.plainPng().then(readGenRecord)).toBeUndefined();
    expect(await readGenRecord(new Uint8Array())).toBeUndefined();
    expect(await readGenRecord(new TextEncoder().encode('GIF89a parameters Model hash: 4a3f9c0d1e'))).toBeUndefined();
  });
  it('decodes only the UserComment character codes it knows', () => {
    expect(decodeUserComment(new TextEncoder().encode('JIS\0\0\0\0\0abc'), false)).toBeUndefined();
    expect(decodeUserComment(new TextEncoder().encode('ASCII\0\0\0hello'), false)).toBe('hello');
  });
});
