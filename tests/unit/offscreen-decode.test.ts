import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, isDecodeRequest, OFFSCREEN_TARGET, queryFromReply, toBase64, wantsReducedDecode } from '../../src/lib/offscreen-decode.js';

const fp = 'ab'.repeat(32);

describe('offscreen decoding protocol', () => {
  it('round-trips any bytes through base64', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }));
  });

  it('answers only requests meant for it', () => {
    expect(isDecodeRequest({ target: OFFSCREEN_TARGET, data: 'AAAA' })).toBe(true);
    for (const m of [undefined, { type: 'scan/images', payload: {} }, { target: OFFSCREEN_TARGET }, { target: 'x', data: '' }]) expect(isDecodeRequest(m)).toBe(false);
  });

  it('takes a well-formed query, and refuses a failure or any other shape with a reason', () => {
    expect(queryFromReply({ ok: true, query: { fingerprint: fp, quality: 80 } })).toEqual({ fingerprint: fp, quality: 80 });
    expect(queryFromReply({ ok: true, query: { fingerprint: fp, quality: 80, trimmed: fp } })).toEqual({ fingerprint: fp, quality: 80, trimmed: fp });
    expect(() => queryFromReply({ ok: false, error: 'EncodingError' })).toThrow('EncodingError');
    for (const bad of [undefined, { ok: true }, { ok: true, query: { fingerprint: 'zz', quality: 80 } }, { ok: true, query: { fingerprint: fp, quality: 900 } }]) {
      expect(() => queryFromReply(bad)).toThrow(/malformed/);
    }
  });

  it('sends only JPEGs, whose decoder scales while decoding', () => {
    expect(wantsReducedDecode('jpg')).toBe(true);
    for (const t of ['png', 'webp', 'gif', 'avif', 'bmp']) expect(wantsReducedDecode(t)).toBe(false);
  });
});
