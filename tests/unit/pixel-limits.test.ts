import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pngBomb } from '../../scripts/lib/test-images.js';
import { limiter, LIMITS, SkipError } from '../../src/pixels/limits.js';
import { decodeAndFingerprint, sniffSize, thumbnailOf, truncated } from '../../src/pixels/pixels.js';

const jpeg = new Uint8Array(readFileSync(new URL('../../demo/images/coffee.jpg', import.meta.url)));

describe('limits checked before decoding', () => {
  it('reads a decompression bomb\'s declared size from its header and refuses it without decoding', async () => {
    const bomb = new Uint8Array(pngBomb());
    expect(bomb.length).toBeLessThan(20_000);
    expect(sniffSize(bomb)).toMatchObject({ width: 30_000, height: 30_000, type: 'png' });
    // decodeAndFingerprint would need createImageBitmap (absent in Node): it must refuse before reaching it.
    await expect(decodeAndFingerprint(bomb)).rejects.toThrow(/declares 30000x30000 pixels/);
    await expect(decodeAndFingerprint(bomb)).rejects.toBeInstanceOf(SkipError);
    // A cache hit's thumbnail decode (thumbnailOf) goes through the same checks.
    await expect(thumbnailOf(bomb)).rejects.toThrow(/declares 30000x30000 pixels/);
  });

  it('refuses HTML and other non-images with a reason', async () => {
    await expect(decodeAndFingerprint(new TextEncoder().encode('<html><body>hi</body></html>'))).rejects.toThrow(/not an image/);
  });

  it('calls a JPEG or PNG without its end marker truncated, and a whole one not', () => {
    expect(truncated(jpeg, 'jpg')).toBe(false);
    expect(truncated(jpeg.subarray(0, jpeg.length >> 2), 'jpg')).toBe(true);
    const png = new Uint8Array(pngBomb(100, 1));
    expect(truncated(png, 'png')).toBe(false);
    expect(truncated(png.subarray(0, png.length - 12), 'png')).toBe(true);
    expect(truncated(new Uint8Array(10), 'gif')).toBe(false);
  });

  it('has the limits the docs promise', () => {
    expect(LIMITS).toMatchObject({ maxBytes: 25 * 1024 * 1024, maxPixels: 100_000_000, fetchTimeoutMs: 15_000, minSide: 64 });
  });
});

describe('limiter', () => {
  it('never runs more than its limit at once and runs every task', async () => {
    const run = limiter(3);
    let active = 0;
    let peak = 0;
    const out = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        run(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 1 + (i % 4)));
          active--;
          if (i === 5) throw new Error('one task fails');
          return i;
        }).catch(() => -1),
      ),
    );
    expect(peak).toBe(3);
    expect(out.filter((x) => x >= 0)).toHaveLength(19);
  });
});
