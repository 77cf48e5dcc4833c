/**
 * Adding many works at once (a creator drops 1,000 images): each item is prepared (decoded and fingerprinted) by
 * the caller's `prepare`, prepared works are saved in batches, progress is reported after every item, a failing
 * item is named and skipped, and cancelling stops taking new items but saves what was already prepared.
 * Pure orchestration: the options page passes real decoding and messaging, the unit tests pass fakes.
 */

export interface ImportFailure {
  name: string;
  error: string;
}

export interface ImportProgress {
  total: number;
  /** Items finished, whether they succeeded or failed. */
  done: number;
  /** Works saved so far. */
  saved: number;
  failures: ImportFailure[];
  cancelled: boolean;
}

export interface ImportOptions<I, W> {
  name(item: I): string;
  prepare(item: I, signal: AbortSignal): Promise<W>;
  /** Stores one batch; throws if none of it was stored. */
  save(batch: W[]): Promise<void>;
  signal?: AbortSignal;
  onProgress?(p: Readonly<ImportProgress>): void;
  batchSize?: number;
  /** Items prepared at once: two keeps a decoder busy while the other item is fetched or read, without hogging the page. */
  concurrency?: number;
}

export async function runImport<I, W>(items: readonly I[], opts: ImportOptions<I, W>): Promise<ImportProgress> {
  const batchSize = opts.batchSize ?? 25;
  const signal = opts.signal ?? new AbortController().signal;
  const p: ImportProgress = { total: items.length, done: 0, saved: 0, failures: [], cancelled: false };
  let pending: Array<{ name: string; work: W }> = [];
  let saving: Promise<void> = Promise.resolve();
  let next = 0;

  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    // Batches are saved one after another, in order, while preparation goes on.
    saving = saving.then(async () => {
      try {
        await opts.save(batch.map((b) => b.work));
        p.saved += batch.length;
      } catch (e) {
        for (const b of batch) p.failures.push({ name: b.name, error: message(e) });
      }
      opts.onProgress?.(p);
    });
  };

  const worker = async () => {
    while (next < items.length && !signal.aborted) {
      const item = items[next++]!;
      const name = opts.name(item);
      try {
        const work = await opts.prepare(item, signal);
        pending.push({ name, work });
        if (pending.length >= batchSize) flush();
      } catch (e) {
        if (signal.aborted) break; // the item was interrupted by the cancel, not broken
        p.failures.push({ name, error: message(e) });
      }
      p.done++;
      opts.onProgress?.(p);
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  flush();
  await saving;
  p.cancelled = signal.aborted && p.done < p.total;
  opts.onProgress?.(p);
  return p;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
