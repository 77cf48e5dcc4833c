/**
 * Pins memory per fingerprint at 1M (issue 23: no worse than 62 B all in), counted as bench:index counts it
 * (bench/lib/memory.ts), on a registry of bench:index's shape: 27 fingerprints a work, its work ids, a detail key
 * for every work. Sizes only: what the arrays hold is index.test.ts's and bucket-bounds.test.ts's concern.
 */
import { describe, expect, it } from 'vitest';
import { FingerprintIndex } from '../../src/lib/match/indexing/fingerprint-index.js';
import { KeyStage } from '../../src/lib/match/indexing/key-stage.js';
import { narrowIndexes, packRegistry, type PackedRegistry } from '../../src/lib/match/indexing/packed-registry.js';
import { memoryBreakdown, perFingerprint } from '../../bench/lib/memory.js';

function registry(n: number): PackedRegistry {
  const works = Math.ceil(n / 27);
  let x = 1;
  const rnd = () => (x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0);
  const hashes = Uint32Array.from({ length: n * 8 }, rnd);
  // A key and a mask of reliable bits for every work (detail-key.ts: 4 words each).
  const detailKeys = Uint32Array.from({ length: works * 8 }, (_, i) => (i % 8 < 4 ? rnd() : rnd() | 0x01010101));
  return {
    workIds: Array.from({ length: works }, (_, w) => `list:creator-${w % 97}/work-${w}`),
    starts: Uint32Array.from({ length: works + 1 }, (_, w) => Math.min(n, 27 * w)),
    hashes,
    workModel: narrowIndexes(works, 1, () => 0),
    modelIds: ['m'],
    detailKeys,
    hasDetail: new Uint8Array(works).fill(1),
  };
}

describe('memory per fingerprint', () => {
  it('is at most 62 B all in at 1M fingerprints, 57.2 B of it the fingerprint index', () => {
    const n = 1_000_000;
    const packed = registry(n);
    const index = new FingerprintIndex(packed);
    const per = perFingerprint(memoryBreakdown(packed, index.tables, new KeyStage(packed).keyIndex?.bytes ?? 0), n);
    // 32 fingerprints + 24 entries + 1.06 bounds (16-bit starts: 2.10 with 32-bit ones) + 0.15 work starts.
    expect(index.bytes / n).toBeCloseTo(57.205, 2);
    expect(per['bucket bounds']).toBe(1.06);
    // One byte a work for its model (a registry has few models): 0.04 instead of 0.15.
    expect(per['work models']).toBe(0.04);
    expect(per['all in']).toBeLessThanOrEqual(62);
    expect(per['all in']).toBe(61.81);
  }, 120_000);

  it('keeps each work\'s model in one byte up to 256 models, two up to 65,536', () => {
    const model = (i: number) => ({ id: `m${i}`, source: 'own' as const, creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false }, licensees: [] });
    const content = (models: number) => ({
      creators: [],
      models: Array.from({ length: models }, (_, i) => model(i)),
      works: Array.from({ length: models }, (_, i) => ({ id: `w${i}`, source: 'own' as const, modelId: `m${i}`, fingerprints: ['0'.repeat(64)], addedAt: '2026-01-01' })),
    });
    expect(packRegistry(content(256)).workModel).toBeInstanceOf(Uint8Array);
    const wide = packRegistry(content(257));
    expect(wide.workModel).toBeInstanceOf(Uint16Array);
    expect(wide.modelIds[wide.workModel[wide.workIds.indexOf('w256')]!]).toBe('m256');
  });
});
