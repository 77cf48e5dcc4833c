import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { autoV2, blobSource, hashModel } from '../../src/lib/own/model-hash.js';

describe('model file hashes', () => {
  it('streams SHA-256 in chunks and gives the same digest as hashing the whole file', async () => {
    const bytes = new Uint8Array(1_000_003).map((_, i) => (i * 7919) & 255);
    const want = createHash('sha256').update(bytes).digest('hex');
    const seen: number[] = [];
    const r = await hashModel(blobSource(new Blob([bytes])), { chunk: 65_536, onProgress: (d) => seen.push(d) });
    expect(r).toEqual({ sha256: want, autov2: want.slice(0, 10) });
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen.length).toBe(Math.ceil(bytes.length / 65_536));
  });

  it('hashes an empty file', async () => {
    const r = await hashModel(blobSource(new Blob([])));
    expect(r.sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('stops when cancelled', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(hashModel(blobSource(new Blob([new Uint8Array(10)])), { signal: ctrl.signal })).rejects.toThrow();
    expect(autoV2('ABCDEF0123456789')).toBe('abcdef0123');
  });
});
