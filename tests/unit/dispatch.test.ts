import { describe, expect, it, vi } from 'vitest';
import { dispatch, isExtensionPage, type Handlers } from '../../src/background/dispatch.js';
import { MESSAGES } from '../../src/lib/protocol/messages.js';

const ID = 'ext-id';
const BASE = 'chrome-extension://ext-id/';
const contentSender = { id: ID, url: 'https://page.example/', tab: { id: 3 } } as never;
const pageSender = { id: ID, url: `${BASE}src/popup/index.html` } as never;

/** Every message gets a stub (so new messages need no edit here); the ones the tests call return real shapes. */
function handlers(): Handlers {
  const stubs = Object.fromEntries(Object.keys(MESSAGES).map((k) => [k, vi.fn(async () => ({}))]));
  return {
    ...stubs,
    'scan/images': vi.fn(async () => ({ results: [], paused: false, marks: true })),
    'tab/report': vi.fn(async ({ tabId }: { tabId: number }) => ({ tabId, pageUrl: '', checked: 0, skipped: 0, flagged: [] })),
  } as unknown as Handlers;
}

describe('message dispatch', () => {
  it('tells extension pages from content scripts', () => {
    expect(isExtensionPage(pageSender, ID, BASE)).toBe(true);
    expect(isExtensionPage(contentSender, ID, BASE)).toBe(false);
    expect(isExtensionPage({ id: 'other', url: `${BASE}x` } as never, ID, BASE)).toBe(false);
  });

  it('lets content scripts submit images and nothing else', async () => {
    const h = handlers();
    const ok = await dispatch(h, { type: 'scan/images', payload: { pageUrl: 'https://p/', fresh: true, images: [] } }, contentSender, false);
    expect(ok).toEqual({ ok: true, value: { results: [], paused: false, marks: true } });
    const refused = await dispatch(h, { type: 'demo/set', payload: { enabled: true } }, contentSender, false);
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/only be sent by the extension's own pages/) });
    expect(h['demo/set']).not.toHaveBeenCalled();
  });

  it('validates payloads and message names', async () => {
    const h = handlers();
    expect(await dispatch(h, { type: 'tab/report', payload: { tabId: 'x' } }, pageSender, true)).toMatchObject({ ok: false });
    expect(await dispatch(h, { type: 'nope', payload: {} }, pageSender, true)).toMatchObject({ ok: false, error: 'unknown message type' });
    expect(await dispatch(h, { type: 'toString', payload: {} }, pageSender, true)).toMatchObject({ ok: false });
    expect(await dispatch(h, null, pageSender, true)).toMatchObject({ ok: false });
    expect(h['tab/report']).not.toHaveBeenCalled();
  });

  it('turns a handler exception into an error reply', async () => {
    const h = handlers();
    h['tab/report'] = async () => {
      throw new Error('boom');
    };
    expect(await dispatch(h, { type: 'tab/report', payload: { tabId: 1 } }, pageSender, true)).toEqual({ ok: false, error: 'boom' });
  });

  it("keeps the user's own registry to extension pages", async () => {
    const h = handlers();
    for (const name of Object.keys(MESSAGES).filter((k) => k.startsWith('own/'))) {
      expect(MESSAGES[name as keyof typeof MESSAGES].access).toBe('extension');
    }
    const add = { works: [{ modelId: 'own/m-1', fingerprints: ['0'.repeat(64)] }] };
    expect(await dispatch(h, { type: 'own/works/add', payload: add }, contentSender, false)).toMatchObject({ ok: false });
    expect(h['own/works/add']).not.toHaveBeenCalled();
    expect(await dispatch(h, { type: 'own/works/add', payload: add }, pageSender, true)).toMatchObject({ ok: true });
    const tooBig = { works: [{ modelId: 'own/m-1', fingerprints: ['0'.repeat(64)], thumb: `data:image/jpeg;base64,${'A'.repeat(50_000)}` }] };
    expect(await dispatch(h, { type: 'own/works/add', payload: tooBig }, pageSender, true)).toMatchObject({ ok: false, error: expect.stringMatching(/own\/works\/add/) });
    expect(await dispatch(h, { type: 'own/model/delete', payload: { id: 'list:a/m' } }, pageSender, true)).toMatchObject({ ok: false });
  });
});
