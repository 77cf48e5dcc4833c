/**
 * A few dedicated workers (scan-worker.ts) that scan images for the offscreen document, one per core but one, up to
 * MAX_WORKERS. On its own thread the document fingerprinted one image at a time: the JavaScript fingerprint
 * (queryOf, ~4-20 ms an image) and the decode's canvas work queued behind each other and behind the runtime
 * messages, while the other core waited (docs/benchmarks.md, "Where the time goes"). Each request goes to the
 * worker with the fewest in flight; a thumbnail goes to the worker that scanned the image, which holds its
 * reduced copy. A worker that fails (cannot start, throws at load) takes the pool down: `run` then answers
 * undefined and the document scans on its own thread, as before (main.ts).
 */
import type { OffscreenReply, OffscreenRequest } from '../lib/protocol/index.js';

export type PoolRequest = { id: number; op: OffscreenRequest['op']; url: string };
type PoolAnswer = { id: number; reply: OffscreenReply };

const MAX_WORKERS = 4;

/**
 * One worker per core but one, at least one and at most MAX_WORKERS (the workers ask for it too, to share the
 * full-size decode limit). A core is left to the page: with a worker per core on 2 cores, the content script's
 * main-thread share of a 500-image page rose from 1.1 to 5.1 s wall time (one run each at load 22-29: time spent
 * waiting for a core, not CPU) while images per second did not measurably change.
 */
export function poolSize(): number {
  return Math.min(MAX_WORKERS, Math.max(1, (navigator.hardwareConcurrency || 1) - 1));
}
/** Which worker scanned a URL, for its thumbnail; as many as the workers' recent copies together, roughly. */
const OWNERS = 64;

interface Slot {
  worker: Worker;
  busy: number;
}

export class ScanPool {
  private slots: Slot[] = [];
  private waiting = new Map<number, { resolve(r: OffscreenReply | undefined): void; slot: Slot }>();
  private owners = new Map<string, Slot>();
  private nextId = 1;
  private broken = false;

  /** `make` starts one worker; it throws where workers are unavailable, and the pool is then never used. */
  constructor(make: () => Worker, size = poolSize()) {
    try {
      for (let i = 0; i < size; i++) this.slots.push(this.start(make()));
    } catch (e) {
      this.fail(e);
    }
  }

  get size(): number {
    return this.broken ? 0 : this.slots.length;
  }

  /** The worker's answer, or undefined when the pool is down (the caller scans on its own thread). */
  run(op: OffscreenRequest['op'], url: string): Promise<OffscreenReply | undefined> {
    if (this.broken || !this.slots.length) return Promise.resolve(undefined);
    const owner = op === 'thumb' ? this.owners.get(url) : undefined;
    const slot = owner ?? this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    if (op === 'scan') {
      this.owners.delete(url);
      this.owners.set(url, slot);
      if (this.owners.size > OWNERS) this.owners.delete(this.owners.keys().next().value!);
    }
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve) => {
      this.waiting.set(id, { resolve, slot });
      slot.worker.postMessage({ id, op, url } satisfies PoolRequest);
    });
  }

  private start(worker: Worker): Slot {
    const slot: Slot = { worker, busy: 0 };
    worker.onmessage = ({ data }: MessageEvent<PoolAnswer>) => {
      const w = this.waiting.get(data.id);
      if (!w) return;
      this.waiting.delete(data.id);
      slot.busy--;
      w.resolve(data.reply);
    };
    // A script error at load or an uncaught one later: nothing says which requests it lost, so all are retried.
    worker.onerror = (e) => this.fail(e.message);
    return slot;
  }

  private fail(e: unknown): void {
    if (!this.broken) console.info('[License Lens] scanning workers unavailable, scanning in the document:', e);
    this.broken = true;
    for (const s of this.slots) s.worker.terminate();
    for (const w of this.waiting.values()) w.resolve(undefined);
    this.waiting.clear();
    this.owners.clear();
  }
}
