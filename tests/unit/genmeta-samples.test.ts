/**
 * The genmeta readers on real files from public projects' test data (../shared/samples, never committed): each
 * expectation is what the file really says, checked by hand against its chunks/segments.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGenRecord } from '../../src/lib/genmeta/index.js';

const DIR = new URL('../../../shared/samples/', import.meta.url);
const present = existsSync(new URL('genmeta/', DIR)) && existsSync(new URL('c2pa/', DIR));
const CI = process.env.CI === 'true';
if (!present) console.warn(`[genmeta samples] ../shared/samples is absent: ${CI ? 'failing (CI=true)' : 'skipped'}`);

const read = (path: string) => readGenRecord(new Uint8Array(readFileSync(new URL(path, DIR))));

describe.skipIf(!present && !CI)('genmeta on real samples', () => {
  it('is run with the samples present', () => expect(present, '../shared/samples must exist in CI').toBe(true));

  it('AUTOMATIC1111: PNG parameters, the same after IDAT in zTXt, and JPEG UserComment', async () => {
    const expected = {
      tool: 'AUTOMATIC1111',
      prompt: 'photo of a duck',
      negativePrompt: 'monochrome',
      model: { name: 'realistic_realisticVisionV20_v20', hash: 'c0d1994c73' },
    };
    expect(await read('genmeta/sd-parsers/parsers/AUTOMATIC1111/automatic1111_cropped.png')).toEqual({ ...expected, found: ['png:parameters'] });
    expect(await read('genmeta/sd-parsers/bad_images/text_after_idat.png')).toEqual({ ...expected, found: ['png:parameters'] });
    expect(await read('genmeta/sd-parsers/parsers/AUTOMATIC1111/automatic1111_cropped.jpg')).toEqual({ ...expected, found: ['exif:UserComment'] });
  });

  it('does not read A1111 "stealth" alpha-channel records (pixels are not metadata) and says nothing about empty files', async () => {
    expect(await read('genmeta/sd-parsers/parsers/AUTOMATIC1111/automatic1111_stealth.png')).toBeUndefined();
    for (const f of ['empty_file.png', 'empty_image.jpg', 'empty_image.png']) expect(await read(`genmeta/sd-parsers/bad_images/${f}`)).toBeUndefined();
  });

  it('ComfyUI: checkpoints, LoRAs and the sampler prompts from the API graph', async () => {
    expect(await read('genmeta/comfyui/lora_multiple.png')).toEqual({
      tool: 'ComfyUI',
      prompt: 'masterpiece best quality girl',
      negativePrompt: 'bad hands',
      model: { name: 'v1-5-pruned-emaonly.ckpt' },
      loras: [{ name: 'epiNoiseoffset_v2.safetensors' }, { name: 'theovercomer8sContrastFix_sd15.safetensors' }],
      found: ['png:prompt'],
    });
    expect(await read('genmeta/comfyui/model_merging_basic.png')).toMatchObject({
      model: { name: 'v1-5-pruned-emaonly.ckpt' },
      otherModels: [{ name: 'cardosAnime_v10.safetensors' }],
    });
    expect(await read('genmeta/comfyui/sdxl_simple_example.png')).toMatchObject({
      model: { name: 'sd_xl_base_1.0.safetensors' },
      otherModels: [{ name: 'sd_xl_refiner_1.0.safetensors' }],
      prompt: 'evening sunset scenery blue sky nature, glass bottle with a galaxy in it',
    });
    expect(await read('genmeta/comfyui/flux_dev_example.png')).toMatchObject({ model: { name: 'flux1-dev.safetensors' } });
    expect((await read('genmeta/comfyui/flux_dev_example.png'))?.prompt).toMatch(/^cute anime girl with massive fluffy fennec ears/);
    expect(await read('genmeta/comfyui/mochi_simple_checkpoint.webp')).toMatchObject({
      tool: 'ComfyUI',
      model: { name: 'mochi_preview_fp8_scaled.safetensors' },
      found: ['exif:prompt'],
    });
    // The img2img input photo carries camera EXIF only.
    expect(await read('genmeta/comfyui/sunset.png')).toBeUndefined();
  });

  it('NovelAI, Fooocus and InvokeAI', async () => {
    expect(await read('genmeta/sd-parsers/parsers/NovelAI/novelai1_cropped.png')).toMatchObject({
      tool: 'NovelAI',
      prompt: 'masterpiece, best quality,  cat, space, icon',
      model: { name: 'Stable Diffusion 1D44365E' },
    });
    expect(await read('genmeta/sd-parsers/parsers/Fooocus/fooocus1_cropped.png')).toMatchObject({
      tool: 'Fooocus v2.4.3',
      prompt: 'a smiling goldfish',
      model: { name: 'juggernautXL_v8Rundiffusion', hash: 'aeb7e9e689' },
    });
    expect(await read('genmeta/sd-parsers/parsers/InvokeAI/invokeai_sdmeta1.png')).toMatchObject({
      tool: 'InvokeAI 2.3.0',
      model: { name: 'deliberateForInvoke_v08', hash: '56d1442a0feefd64836a19ac8e3527ec71c884fc962e246ddf67b03e42921272' },
    });
  });

  it('C2PA: claim generators, and the source type where an action states one', async () => {
    expect(await read('c2pa/DALL-E_cloud_surfing_puppy.webp')).toEqual({
      hasContentCredentials: true,
      c2pa: { generator: 'ChatGPT c2pa-rs/0.28.4', digitalSourceType: 'trainedAlgorithmicMedia' },
      digitalSourceType: 'trainedAlgorithmicMedia',
      found: ['c2pa'],
    });
    expect(await read('c2pa/bing_creator_cloud_surfing_puppy.jpg')).toEqual({
      hasContentCredentials: true,
      c2pa: { generator: 'Microsoft Responsible AI Image Provenance 1.0' },
      found: ['c2pa'],
    });
    expect(await read('c2pa/ocsp.jpg')).toMatchObject({
      c2pa: { generator: 'Adobe Photoshop 26.9.0', digitalSourceType: 'compositeWithTrainedAlgorithmicMedia' },
    });
    expect(await read('c2pa/truepic-20230212-camera.jpg')).toMatchObject({ hasContentCredentials: true, c2pa: { generator: 'Truepic Lens SDK libc2pa C++ Library 2.5.1' } });
    const nikon = await read('c2pa/nikon-20221019-building.jpeg');
    expect(nikon).toMatchObject({ hasContentCredentials: true, c2pa: { generator: 'Nikon_Z_9_Sample_for_Adobe_MAX_2022 c2pa-rs/0.14.0' } });
    expect(nikon?.digitalSourceType).toBeUndefined();
  });
});
