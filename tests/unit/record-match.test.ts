import { describe, expect, it } from 'vitest';
import { hashMatches, matchRecord, normaliseModelName, recordEvidence } from '../../src/lib/license/record-match.js';
import type { Creator, GenRecord, Model } from '../../src/lib/types.js';

const SHA = '4a3f9c0d1e' + 'ab'.repeat(27);
const creator: Creator = { id: 'demo:lin', source: 'demo', name: 'Lin Yue', homepage: 'https://creator.example' };
const license = { personalUse: true, commercialUse: 'license-required', attributionRequired: true, derivativesAllowed: false } as const;
const muse: Model = { id: 'demo:portrait-muse', source: 'demo', creatorId: 'demo:lin', name: 'Portrait Muse', version: 'v2', hashes: { sha256: SHA }, license, licensees: [{ name: 'Studio', sites: ['studio.example'] }] };
const ink: Model = { id: 'own:ink', source: 'own', creatorId: 'demo:lin', name: 'Ink Wash', hashes: { autov2: '0123456789' }, license: { ...license, commercialUse: 'allowed', attributionRequired: false }, licensees: [] };
const registry = { models: [muse, ink], creators: [creator] };

describe('hashMatches', () => {
  it('matches AutoV2 against autov2 or the SHA-256 prefix, and a full SHA-256 either way', () => {
    expect(hashMatches('4A3F9C0D1E', muse)).toBe(true);
    expect(hashMatches(SHA, muse)).toBe(true);
    expect(hashMatches(SHA.toUpperCase(), { hashes: { autov2: '4a3f9c0d1e' } })).toBe(true);
    expect(hashMatches('4a3f9c0d1f', muse)).toBe(false);
    expect(hashMatches('4a3f9c0d', muse)).toBe(false); // legacy 8-hex hash
    expect(hashMatches('4a3f9c0d1eab', muse)).toBe(false); // 12-hex LoRA AutoV3 is not comparable
    expect(hashMatches('4a3f9c0d1e', { hashes: undefined })).toBe(false);
    expect(hashMatches(undefined, muse)).toBe(false);
  });
});

describe('names', () => {
  it('drop path, extension, case and separators', () => {
    expect(normaliseModelName('models\\SDXL/Portrait_Muse-v2.safetensors')).toBe('portraitmusev2');
    expect(normaliseModelName('portraitMuse v2.ckpt')).toBe('portraitmusev2');
  });
  it('tie a record by checkpoint or LoRA name, but not by a name under four characters', () => {
    expect(recordEvidence({ model: { name: 'SDXL/portraitMuse_v2.safetensors' } }, muse)).toBe('model-name');
    expect(recordEvidence({ loras: [{ name: 'ink_wash.safetensors' }] }, ink)).toBe('lora-name');
    expect(recordEvidence({ model: { name: 'ab' } }, { ...muse, name: 'AB', version: undefined })).toBeUndefined();
  });
  it('prefers hash evidence', () => {
    expect(recordEvidence({ model: { name: 'portraitMuse_v2', hash: '4a3f9c0d1e' } }, muse)).toBe('model-hash');
    expect(recordEvidence({ loras: [{ name: 'x', hash: '0123456789' }] }, ink)).toBe('lora-hash');
  });
});

describe('matchRecord', () => {
  const record: GenRecord = { tool: 'AUTOMATIC1111', model: { name: 'something_else', hash: '4a3f9c0d1e' }, loras: [{ name: 'inkWash' }] };

  it('gives one generation-record match per model named, with verdicts for the page', () => {
    const out = matchRecord(record, registry, 'https://shop.example/page');
    expect(out.map((m) => [m.workId, m.reason, m.verdict, m.distance])).toEqual([
      ['record:demo:portrait-muse', 'generation-record', 'unlicensed', 0],
      ['record:own:ink', 'generation-record', 'free', 0],
    ]);
    expect(out[0]).toMatchObject({ model: { name: 'Portrait Muse', version: 'v2' }, creator: { name: 'Lin Yue' }, source: 'demo' });
    expect(matchRecord(record, registry, 'https://www.studio.example/').find((m) => m.model.id === muse.id)?.verdict).toBe('licensed');
  });

  it('gives nothing for a record without model, a missing record, or unknown models', () => {
    expect(matchRecord({ tool: 'x', prompt: 'portrait muse' }, registry, 'https://a.example')).toEqual([]);
    expect(matchRecord(undefined, registry, 'https://a.example')).toEqual([]);
    expect(matchRecord({ model: { name: 'sd_xl_base_1.0', hash: 'ffffffffff' } }, registry, 'https://a.example')).toEqual([]);
  });
});
