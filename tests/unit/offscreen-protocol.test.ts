import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fromOwnExtension, isOffscreenRequest, OFFSCREEN_TARGET, readReply, wantsReducedDecode } from '../../src/lib/protocol/offscreen-protocol.js';
import { queryOf } from '../../src/lib/match/hash/query.js';

const fp = 'ab'.repeat(32);
const ID = 'abcdefghijklmnop';
const BASE = `chrome-extension://${ID}/`;

describe('offscreen scanning protocol', () => {
  it('answers only well-formed requests for an http(s) image', () => {
    expect(isOffscreenRequest({ target: OFFSCREEN_TARGET, op: 'scan', url: 'https://a.example/x.jpg' })).toBe(true);
    expect(isOffscreenRequest({ target: OFFSCREEN_TARGET, op: 'thumb', url: 'http://a.example/x.jpg' })).toBe(true);
    for (const m of [
      undefined,
      { type: 'scan/images', payload: {} },
      { target: OFFSCREEN_TARGET, op: 'scan' },
      { target: OFFSCREEN_TARGET, op: 'delete', url: 'https://a/x' },
      { target: OFFSCREEN_TARGET, op: 'scan', url: 'file:///etc/passwd' },
      { target: OFFSCREEN_TARGET, op: 'scan', url: `${BASE}src/options/index.html` },
    ]) expect(isOffscreenRequest(m)).toBe(false);
  });

  it('takes requests from the extension itself, never from a content script or another extension', () => {
    expect(fromOwnExtension({ id: ID, url: `${BASE}service-worker-loader.js` }, ID, BASE)).toBe(true);
    expect(fromOwnExtension({ id: ID, url: 'https://page.example/', tab: { id: 3 } }, ID, BASE)).toBe(false);
    expect(fromOwnExtension({ id: ID, url: `${BASE}x.html`, tab: { id: 3 } }, ID, BASE)).toBe(false);
    expect(fromOwnExtension({ id: 'other', url: 'chrome-extension://other/sw.js' }, ID, BASE)).toBe(false);
    expect(fromOwnExtension({ id: ID }, ID, BASE)).toBe(false);
  });

  it('carries a real query (fingerprint, quality, detail, trimmed) through unchanged', async () => {
    // A photo with added white borders, so the query has its trimmed parts too.
    const photo = readFileSync(new URL('../../demo/images/chelsea.jpg', import.meta.url));
    const { data, info } = await sharp(photo).extend({ top: 40, bottom: 40, left: 40, right: 40, background: '#fff' }).resize(256, 256, { fit: 'fill' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const query = queryOf({ width: info.width, height: info.height, data: new Uint8Array(data) });
    expect(query.trimmed && query.trimmedDetail && query.detail).toBeTruthy();
    const record = { tool: 'ComfyUI', models: [{ name: 'muse' }] };
    const reply = JSON.parse(JSON.stringify({ ok: true, query, record, cached: false })) as unknown;
    expect(readReply(reply)).toEqual({ kind: 'scanned', query, record, cached: false });
  });

  it('carries the natural size and the chroma grid too, so a page scan can say "resized" and pick framings by aspect', async () => {
    const photo = readFileSync(new URL('../../demo/images/chelsea.jpg', import.meta.url));
    const { data, info } = await sharp(photo).resize(256, 256, { fit: 'fill' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const query = queryOf({ width: info.width, height: info.height, data: new Uint8Array(data) }, { width: 451, height: 300 });
    expect(query.chroma).toBeTruthy();
    const reply = JSON.parse(JSON.stringify({ ok: true, query, cached: true })) as unknown;
    expect(readReply(reply)).toEqual({ kind: 'scanned', query, cached: true });
    // A copy turned on white carries its turned hash probes and fit probes through too (the most the reply takes).
    const turned = await sharp(photo).rotate(5, { background: '#fff' }).resize(256, 256, { fit: 'fill' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const tq = queryOf({ width: 256, height: 256, data: new Uint8Array(turned.data) }, { width: 475, height: 337 });
    expect(tq.turned).toHaveLength(2);
    expect(tq.fit).toHaveLength(2);
    expect(readReply(JSON.parse(JSON.stringify({ ok: true, query: tq })) as unknown)).toEqual({ kind: 'scanned', query: tq, cached: false });
    // A size that is no size is dropped with the whole reply (the worker then scans the image itself).
    const bad = JSON.parse(JSON.stringify({ ok: true, query: { ...query, size: { width: -1, height: 2 } } })) as unknown;
    expect(readReply(bad).kind).toBe('failed');
  });

  it('passes a refusal on as the verdict, and treats a failure or any other shape as "scan it in the worker"', () => {
    expect(readReply({ ok: false, skip: true, reason: 'HTTP 404' })).toEqual({ kind: 'skipped', reason: 'HTTP 404' });
    expect(readReply({ ok: false, skip: false, reason: 'IDB closed' })).toEqual({ kind: 'failed', reason: 'IDB closed' });
    expect(readReply({ ok: true, thumb: 'data:image/jpeg;base64,AAAA' })).toEqual({ kind: 'thumb', thumb: 'data:image/jpeg;base64,AAAA' });
    for (const bad of [
      undefined,
      { ok: true },
      { ok: true, query: { fingerprint: 'zz', quality: 80 } },
      { ok: true, query: { fingerprint: fp, quality: 900 } },
      { ok: true, query: { fingerprint: fp, quality: 80, detail: '<img>' } },
      { ok: true, thumb: 'javascript:alert(1)' },
      { ok: false, reason: 'no skip flag' },
    ]) expect(readReply(bad).kind).toBe('failed');
  });

  it('decodes only JPEGs at reduced size, whose decoder scales while decoding', () => {
    expect(wantsReducedDecode('jpg')).toBe(true);
    for (const t of ['png', 'webp', 'gif', 'avif', 'bmp']) expect(wantsReducedDecode(t)).toBe(false);
  });
});
