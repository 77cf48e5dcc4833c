/**
 * The bytes of image responses a page loaded itself, copied as they passed through (Firefox: capture.ts), so the
 * scan fingerprints the page's own response instead of downloading the image a second time. A cache, never the
 * only copy of anything: a scan that finds nothing here fetches the image as before (an event page that was
 * unloaded starts empty). Bounded: a response past `maxBytes` is kept only as the refusal "larger than 25 MB",
 * and all copies together stay under `budget` bytes (finished copies evicted oldest first; a response that
 * would pass the budget while others are in flight is given up and left to the fallback fetch).
 */
import type { Fetched } from '../../pixels/fetch-image.js';
import { concatBytes } from '../../lib/read-capped.js';
import { SkipError } from '../../pixels/limits.js';

/** What one finished or failed response left: bytes with their validators, or the reason a fetch would refuse. */
type Outcome = Fetched | { refusal: string } | undefined;

interface Entry {
  chunks: Uint8Array[];
  size: number;
  done: boolean;
  outcome?: Outcome;
  validators: { etag?: string; lastModified?: string };
  waiters: Array<(o: Outcome) => void>;
}

/** One response being copied: the filter (capture.ts) calls these as its events come. */
export interface Copy {
  /** Keeps a chunk; false when this response is no longer copied (past a limit): stop passing chunks. */
  add(chunk: Uint8Array): boolean;
  finish(): void;
  /** The response failed or was aborted midway: nothing of it is kept (no partial fingerprint). */
  fail(): void;
}

/** The one key a page response and the content script's report share: tab and URL without its fragment. */
export function captureKey(tabId: number, url: string): string {
  const hash = url.indexOf('#');
  return `${tabId} ${hash < 0 ? url : url.slice(0, hash)}`;
}

export class CaptureStore {
  private readonly entries = new Map<string, Entry>();
  private total = 0;

  constructor(
    private readonly budget: number,
    private readonly maxBytes: number,
    private readonly tooLarge: string,
  ) {}

  /** Bytes held now, in flight and finished. */
  get held(): number {
    return this.total;
  }

  /** A response that is refused by its status or headers alone: its verdict without any bytes. */
  refuse(key: string, reason: string): void {
    this.drop(key);
    this.entries.set(key, { chunks: [], size: 0, done: true, outcome: { refusal: reason }, validators: {}, waiters: [] });
  }

  start(key: string, validators: Entry['validators']): Copy {
    this.drop(key);
    const entry: Entry = { chunks: [], size: 0, done: false, validators, waiters: [] };
    this.entries.set(key, entry);
    const live = () => this.entries.get(key) === entry && !entry.done;
    return {
      add: (chunk) => {
        if (!live()) return false;
        if (entry.size + chunk.byteLength > this.maxBytes) {
          this.settle(key, entry, { refusal: this.tooLarge });
          return false;
        }
        if (!this.makeRoom(chunk.byteLength)) {
          this.settle(key, entry, undefined);
          return false;
        }
        entry.chunks.push(chunk);
        entry.size += chunk.byteLength;
        this.total += chunk.byteLength;
        return true;
      },
      finish: () => {
        if (live()) this.settle(key, entry, { bytes: concatBytes(entry.chunks), ...entry.validators });
      },
      fail: () => {
        if (live()) this.settle(key, entry, undefined);
      },
    };
  }

  /**
   * The page's own response for this key, taken out of the store: its bytes, a SkipError with the reason a fetch
   * would have refused it for, or undefined (never captured, given up, or not finished within `waitMs`), when the
   * caller fetches it as before.
   */
  async take(key: string, waitMs: number): Promise<Fetched | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    let outcome = entry.outcome;
    if (!entry.done) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      outcome = await new Promise<Outcome>((resolve) => {
        entry.waiters.push(resolve);
        timer = setTimeout(() => resolve(undefined), waitMs);
      });
      clearTimeout(timer);
    }
    if (this.entries.get(key) === entry && entry.done) this.drop(key);
    if (outcome && 'refusal' in outcome) throw new SkipError(outcome.refusal);
    return outcome;
  }

  forgetTab(tabId: number): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(`${tabId} `)) this.drop(key);
  }

  private settle(key: string, entry: Entry, outcome: Outcome): void {
    entry.done = true;
    entry.outcome = outcome;
    entry.chunks = [];
    // Bytes now live only in the outcome (one joined copy) or nowhere.
    const kept = outcome && 'bytes' in outcome ? outcome.bytes.byteLength : 0;
    this.total += kept - entry.size;
    entry.size = kept;
    if (!outcome) this.entries.delete(key);
    for (const w of entry.waiters.splice(0)) w(outcome);
  }

  /** Evicts finished copies, oldest first, until `bytes` more fit; false if in-flight copies alone leave no room. */
  private makeRoom(bytes: number): boolean {
    for (const [key, e] of this.entries) {
      if (this.total + bytes <= this.budget) break;
      if (e.done) this.drop(key);
    }
    return this.total + bytes <= this.budget;
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.total -= e.size;
    this.entries.delete(key);
    if (!e.done) {
      e.done = true;
      for (const w of e.waiters.splice(0)) w(undefined);
    }
  }
}
