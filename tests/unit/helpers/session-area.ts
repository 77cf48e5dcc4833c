/**
 * storage.session in memory with Chrome's quota (10 MB for the whole extension) and a stand-in for how Chrome
 * counts it. Chrome charges what a value takes in its memory, not its JSON: measured with getBytesInUse
 * (bench/quota-probe.ts, Chromium, issue 8) a flagged result of 868 JSON characters cost 2,258 bytes (7,626 with its
 * 5,299-character thumbnail) and a clear one of 115 cost 312. "Key + JSON length + 48 bytes per value inside" gives
 * 2,296, 7,654 and 358 for such results (tests/unit/helpers/feed-results.ts): a JSON-length-only area would hold
 * about 2.5x too many results and hide the bug.
 * Values are copied in and out as the browser's structured clone does; a `set` that would pass the quota throws
 * Chrome's error and stores nothing.
 */
import type { StorageArea } from '../../../src/background/tab-results/tab-store.js';

export const SESSION_QUOTA = 10 * 1024 * 1024;

function nodes(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((a: number, x) => a + 1 + nodes(x), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((a: number, x) => a + 1 + nodes(x), 0);
  return 0;
}

/** What Chrome would charge for one key (see above). */
export const chargeOf = (key: string, value: unknown) => key.length + JSON.stringify(value).length + 48 * (1 + nodes(value));

export class SessionArea implements StorageArea {
  readonly data = new Map<string, unknown>();
  private readonly sizes = new Map<string, number>();
  /** Bytes in use (what getBytesInUse(null) gives). */
  used = 0;
  peak = 0;
  failures = 0;
  writes: number[] = [];
  /** Fails the next n sets with a non-quota error (a worker stopped mid-write). */
  failNext = 0;

  constructor(public quota = SESSION_QUOTA) {}

  async get(keys: string | string[]) {
    const out: Record<string, unknown> = {};
    for (const k of typeof keys === 'string' ? [keys] : keys) if (this.data.has(k)) out[k] = structuredClone(this.data.get(k));
    return out;
  }

  async set(items: Record<string, unknown>) {
    if (this.failNext-- > 0) throw new Error('stopped');
    const charged = Object.entries(items).map(([k, v]) => [k, chargeOf(k, v)] as const);
    const after = charged.reduce((a, [k, n]) => a + n - (this.sizes.get(k) ?? 0), this.used);
    if (after > this.quota) {
      this.failures++;
      throw new Error('Session storage quota bytes exceeded. Values were not stored.');
    }
    this.writes.push(charged.reduce((a, [, n]) => a + n, 0));
    for (const [k, n] of charged) {
      this.data.set(k, structuredClone(items[k]));
      this.sizes.set(k, n);
    }
    this.used = after;
    this.peak = Math.max(this.peak, after);
  }

  async remove(keys: string | string[]) {
    for (const k of typeof keys === 'string' ? [keys] : keys) {
      this.used -= this.sizes.get(k) ?? 0;
      this.data.delete(k);
      this.sizes.delete(k);
    }
  }
}
