/**
 * Property tests for the message validators: whatever arrives on runtime.onMessage (a hostile page that took over
 * a content script can send anything structured-cloneable), dispatch answers {ok, value} or {ok: false, error},
 * never runs an extension-only handler for a content script, and hands handlers only payloads their schema accepts.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FUZZ_TIMEOUT } from './config.js';
import { dispatch, type Handlers } from '../../../src/background/dispatch.js';
import { MESSAGES, type MessageName } from '../../../src/lib/protocol/messages.js';

const RUNS = 3000;
const NAMES = Object.keys(MESSAGES) as MessageName[];
const contentSender = { id: 'ext', url: 'https://page.example/', tab: { id: 3 }, frameId: 0 } as never;
const pageSender = { id: 'ext', url: 'chrome-extension://ext/src/popup/index.html' } as never;

/** Handlers that record what they were given and check it against their own schema. */
function recordingHandlers(calls: Array<{ type: MessageName; payload: unknown }>): Handlers {
  return Object.fromEntries(
    NAMES.map((type) => [
      type,
      async (payload: unknown) => {
        expect(v.is(MESSAGES[type].request, payload)).toBe(true);
        calls.push({ type, payload });
        return {};
      },
    ]),
  ) as unknown as Handlers;
}

const messageType = fc.oneof(fc.constantFrom(...NAMES), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', ''), fc.string());
const payload = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true }),
  fc.record({ pageUrl: fc.string(), fresh: fc.anything(), images: fc.array(fc.record({ url: fc.anything() }), { maxLength: 600 }) }, { requiredKeys: [] }),
  fc.record({ tabId: fc.oneof(fc.integer(), fc.double(), fc.string()) }),
  fc.record({ autoScan: fc.anything(), pausedSites: fc.array(fc.string({ maxLength: 400 })), extra: fc.anything() }, { requiredKeys: [] }),
);
const message = fc.oneof(fc.anything(), fc.record({ type: messageType, payload }, { requiredKeys: [] }));

describe('dispatch under forged messages', { timeout: FUZZ_TIMEOUT }, () => {
  it('answers anything from a content script, and never runs an extension-only handler for it', async () => {
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        const calls: Array<{ type: MessageName; payload: unknown }> = [];
        const r = await dispatch(recordingHandlers(calls), m, contentSender, false);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(typeof r.error).toBe('string');
        for (const c of calls) expect(MESSAGES[c.type].access).toBe('content');
        const type = (m as { type?: unknown } | null)?.type;
        if (typeof type === 'string' && Object.hasOwn(MESSAGES, type) && MESSAGES[type as MessageName].access === 'extension') {
          expect(r).toEqual({ ok: false, error: `${type} may only be sent by the extension's own pages` });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('answers anything from an extension page, calling a handler only with a valid payload', async () => {
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        const calls: Array<{ type: MessageName; payload: unknown }> = [];
        const r = await dispatch(recordingHandlers(calls), m, pageSender, true);
        expect(calls.length).toBe(r.ok ? 1 : 0);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses scan/images batches that are too large or hold non-string URLs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 501, max: 2000 }), fc.anything().filter((x) => typeof x !== 'string'), async (n, bad) => {
        const calls: Array<{ type: MessageName; payload: unknown }> = [];
        const h = recordingHandlers(calls);
        const big = { pageUrl: 'https://p/', fresh: true, images: Array.from({ length: n }, (_, i) => ({ url: `https://p/${i}.jpg` })) };
        expect(await dispatch(h, { type: 'scan/images', payload: big }, contentSender, false)).toMatchObject({ ok: false, error: /at most 500 images/ });
        const wrong = { pageUrl: 'https://p/', fresh: true, images: [{ url: bad }] };
        expect(await dispatch(h, { type: 'scan/images', payload: wrong }, contentSender, false)).toMatchObject({ ok: false });
        expect(calls).toHaveLength(0);
      }),
      { numRuns: 200 },
    );
  });
});
