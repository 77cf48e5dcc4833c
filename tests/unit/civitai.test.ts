import { describe, expect, it } from 'vitest';
import { commercialUseFrom, commercialUses, fromCivitai, fromCivitaiText } from '../../src/lib/own/civitai.js';

const SHA = '6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa';

/** Trimmed from a real `/api/v1/models/:id` response (current API: allowCommercialUse is an array). */
const modelJson = {
  id: 4201,
  name: 'Realistic Vision V6.0 B1',
  type: 'Checkpoint',
  allowNoCredit: true,
  allowCommercialUse: ['Image', 'RentCivit'],
  allowDerivatives: true,
  allowDifferentLicense: false,
  modelVersions: [
    {
      id: 245598,
      name: 'V6.0 B1 (VAE)',
      baseModel: 'SD 1.5',
      files: [
        { name: 'x.safetensors', primary: false, hashes: { AutoV2: 'AAAAAAAAAA' } },
        { name: 'y.safetensors', primary: true, hashes: { AutoV1: 'E6415C4892', AutoV2: '6CE0161689', SHA256: SHA.toUpperCase(), CRC32: '0', BLAKE3: 'B' } },
      ],
    },
    { id: 1, name: 'older', baseModel: 'SD 1.5' },
  ],
};

/** Trimmed from a `/api/v1/model-versions/:id` response / a `.civitai.info` file: the model is nested. */
const versionJson = {
  id: 128713,
  modelId: 4384,
  name: 'v8',
  baseModel: 'SD 1.5',
  files: [{ name: 'dreamshaper_8.safetensors', hashes: { SHA256: SHA } }],
  model: { name: 'DreamShaper', type: 'Checkpoint', allowNoCredit: false, allowCommercialUse: 'Rent', allowDerivatives: false, allowDifferentLicense: true },
};

describe('Civitai import', () => {
  it('maps a model JSON with the array form', () => {
    const r = fromCivitai(modelJson);
    expect(r).toEqual({
      ok: true,
      value: {
        terms: { commercialUse: 'allowed', attributionRequired: false, derivativesAllowed: true },
        differentLicenseAllowed: false,
        name: 'Realistic Vision V6.0 B1',
        version: 'V6.0 B1 (VAE)',
        baseModel: 'SD 1.5',
        hashes: { sha256: SHA, autov2: '6ce0161689' },
      },
    });
  });

  it('maps a model-version JSON with the old single-string form and the model nested', () => {
    const r = fromCivitai(versionJson);
    expect(r.ok && r.value).toEqual({
      terms: { commercialUse: 'allowed', attributionRequired: true, derivativesAllowed: false },
      differentLicenseAllowed: true,
      name: 'DreamShaper',
      version: 'v8',
      baseModel: 'SD 1.5',
      // No AutoV2 in the file: it is the SHA-256's first 10 hex digits.
      hashes: { sha256: SHA, autov2: SHA.slice(0, 10) },
    });
  });

  it('reads commercial use in every shape: array, ladder string, Postgres literal, none', () => {
    expect(commercialUses(['Image', 'Sell'])).toEqual(['image', 'sell']);
    expect(commercialUses('Sell')).toEqual(['image', 'rentcivit', 'rent', 'sell']);
    expect(commercialUses('{Image,RentCivit}')).toEqual(['image', 'rentcivit']);
    expect(commercialUses('{}')).toEqual([]);
    expect(commercialUses('None')).toEqual([]);
    expect(commercialUseFrom([])).toBe('forbidden');
    expect(commercialUseFrom('None')).toBe('forbidden');
    expect(commercialUseFrom(['RentCivit', 'Rent'])).toBe('forbidden');
    expect(commercialUseFrom('Image')).toBe('allowed');
    expect(commercialUseFrom('{Image}')).toBe('allowed');
  });

  it('keeps only the fields Civitai states', () => {
    const r = fromCivitai({ allowDerivatives: false });
    expect(r).toEqual({ ok: true, value: { terms: { derivativesAllowed: false } } });
  });

  it('prefers top-level permissions over the nested model', () => {
    const r = fromCivitai({ ...versionJson, allowNoCredit: true });
    expect(r.ok && r.value.terms.attributionRequired).toBe(false);
  });

  it('ignores malformed hashes rather than storing them', () => {
    const r = fromCivitai({ ...modelJson, modelVersions: [{ name: 'v', files: [{ hashes: { SHA256: 'xyz', AutoV2: '<b>' } }] }] });
    expect(r.ok && r.value.hashes).toBeUndefined();
  });

  it('says what is wrong with JSON that is not Civitai', () => {
    expect(fromCivitaiText('{nope')).toMatchObject({ ok: false, error: expect.stringMatching(/^not valid JSON/) });
    expect(fromCivitai({ name: 'x' })).toMatchObject({ ok: false, error: expect.stringMatching(/none of allowNoCredit/) });
    expect(fromCivitai({ allowNoCredit: 'yes' })).toMatchObject({ ok: false, error: expect.stringMatching(/allowNoCredit/) });
    expect(fromCivitai([1, 2])).toMatchObject({ ok: false });
    expect(fromCivitai(null)).toMatchObject({ ok: false });
  });
});
