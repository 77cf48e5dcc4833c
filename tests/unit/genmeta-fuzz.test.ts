/**
 * Hostile input for the genmeta readers: truncation anywhere, corrupted bytes (lengths, CRCs, offsets), random
 * bytes behind valid signatures, huge chunks, zlib bombs and deep nesting. No exception may escape, and the caps
 * (GENMETA_LIMITS) must keep every result small. No timed assertions: the bounds are by construction.
 */
import fc from 'fast-check';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CborError, decodeCbor } from '../../src/lib/genmeta/cbor.js';
import { readExif } from '../../src/lib/genmeta/exif.js';
import { readGenRecord } from '../../src/lib/genmeta/index.js';
import { GENMETA_LIMITS } from '../../src/lib/genmeta/limits.js';
import { parseA1111 } from '../../src/lib/genmeta/a1111.js';
import { parseComfyPrompt } from '../../src/lib/genmeta/comfyui.js';
import { safeJson } from '../../src/lib/genmeta/json.js';
import * as w from '../../src/node/genmeta-write.js';
import * as fx from '../fixtures/genmeta/build.js';
import type { GenRecord } from '../../src/lib/types.js';

const fixtures = await Promise.all([
  fx.a1111Png('iTXt'),
  fx.a1111Png('iTXt-compressed'),
  fx.a1111Png('zTXt'),
  fx.a1111Jpeg('be', true),
  fx.comfyWebp(),
  fx.xmpJpeg('trainedAlgorithmicMedia', 'attribute'),
  fx.c2paJpeg(100),
  fx.c2paPng(),
  fx.c2paWebp(),
  fx.novelAiPng(),
]);

/** Every string in a record is within the text cap and every list within the item cap. */
function withinCaps(v: GenRecord | unknown): boolean {
  if (typeof v === 'string') return v.length <= GENMETA_LIMITS.maxTextChars;
  if (Array.isArray(v)) return v.length <= GENMETA_LIMITS.maxItems && v.every(withinCaps);
  if (v && typeof v === 'object') return Object.values(v).every(withinCaps);
  return true;
}

const RUNS = 150;

describe('genmeta readers under hostile input', () => {
  it('survive truncation at any byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: fixtures.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), async (i, cut) => {
        const f = fixtures[i]!;
        const rec = await readGenRecord(f.subarray(0, Math.floor(f.length * cut)));
        expect(withinCaps(rec)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('survive corrupted bytes (lengths, CRCs, offsets, box sizes)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: fixtures.length - 1 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
        async (i, edits) => {
          const f = Buffer.from(fixtures[i]!);
          for (const [at, v] of edits) f[Math.floor(at * f.length)] = v;
          expect(withinCaps(await readGenRecord(f))).toBe(true);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('survive random bytes behind each signature', async () => {
    const sigs = [
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from([0xff, 0xd8, 0xff]),
      Buffer.from('RIFF\0\0\0\0WEBP', 'latin1'),
    ];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), fc.uint8Array({ maxLength: 4096 }), async (s, tail) => {
        expect(withinCaps(await readGenRecord(Buffer.concat([sigs[s]!, tail])))).toBe(true);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('survive random TIFF structures and CBOR', () => {
    fc.assert(
      fc.property(fc.constantFrom('MM\0*', 'II*\0'), fc.uint8Array({ maxLength: 2048 }), (head, tail) => {
        readExif(Buffer.concat([Buffer.from(head, 'latin1'), tail]));
      }),
      { numRuns: RUNS * 2 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        try {
          decodeCbor(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(CborError); // the one error it throws, caught by the C2PA reader
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('refuse a CBOR map keyed by a map or an array with CborError (fast-check seed 1197305123 found [a1 a0 00])', () => {
    for (const bytes of [[0xa1, 0xa0, 0x00], [0xa1, 0x81, 0xa0, 0x00], [0xbf, 0xa0, 0x00, 0xff]]) {
      expect(() => decodeCbor(Uint8Array.from(bytes))).toThrow(CborError);
    }
    expect(decodeCbor(Uint8Array.from([0xa2, 0x61, 0x61, 0x01, 0x21, 0x02]))).toEqual(Object.assign(Object.create(null), { a: 1, '-2': 2 }));
  });

  it('parse any text as parameters or a ComfyUI graph without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (s) => {
        parseA1111(s);
        parseA1111(`${s}\nSteps: ${s}, Model hash: ${s}, Lora hashes: "${s}", Hashes: ${s}`);
      }),
      { numRuns: RUNS * 2 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        parseComfyPrompt(v);
        parseComfyPrompt({ a: { class_type: 'KSampler', inputs: { positive: ['a', 0], x: v } } });
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('skip a 50 MB text chunk without decoding it, and read the chunks around it', async () => {
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x61);
    const png = w.withPngChunks(await fx.plainPng(), [w.tEXt('parameters', `x\nSteps: 1, Sampler: a, Model hash: 4a3f9c0d1e, ${huge.toString('latin1')}`), w.tEXt('Software', 'NovelAI')]);
    const rec = await readGenRecord(png);
    expect(rec).toEqual({ tool: 'NovelAI', found: ['png:Comment'] });
  });

  it('stop inflating a zlib bomb at the cap', async () => {
    const bomb = Buffer.concat([Buffer.from('parameters\0\0', 'latin1'), deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20))]);
    const png = w.withPngChunks(await fx.plainPng(), [w.pngChunk('zTXt', bomb)]);
    expect(await readGenRecord(png)).toBeUndefined();
  });

  it('refuse deeply nested JSON before parsing it, and deeply nested CBOR', async () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(safeJson(deep)).toBeUndefined();
    const png = w.withPngChunks(await fx.plainPng(), [w.tEXt('prompt', deep), w.tEXt('workflow', `{"nodes":${deep}}`)]);
    expect(await readGenRecord(png)).toBeUndefined();
    expect(() => decodeCbor(Buffer.alloc(100_000, 0x81))).toThrow(/nested too deeply/);
    const store = w.superbox('c2pa', [w.superbox('urn:uuid:x', [w.superbox('c2pa.claim', [w.box('cbor', Buffer.alloc(100_000, 0x81))])])]);
    const jpeg = w.withJpegSegments(await fx.plainJpeg(), w.app11Segments(store));
    expect(await readGenRecord(jpeg)).toMatchObject({ hasContentCredentials: true, found: ['c2pa'] });
  });

  it('does not trust declared counts: a CBOR array claiming 2^32 items in 5 bytes', () => {
    expect(() => decodeCbor(Buffer.from([0x9a, 0xff, 0xff, 0xff, 0xff]))).toThrow(/truncated/);
  });
});
