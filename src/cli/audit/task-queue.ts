/**
 * Each pushed item run through `run`, at most `limit` at once, the rest waiting in the order they came. A decoding
 * thread (decode-worker.ts) holds the images the pool hands it this way: it decodes two at a time and keeps the
 * next ones in hand, so it never waits for the main thread (busy matching) to hand it another. The URL audit's
 * crawl (url/crawl.ts) visits pages through one, pushing the links it finds as it goes, and waits until it drains.
 */
export class TaskQueue<T> {
  private readonly waiting: T[] = [];
  private active = 0;
  private readonly idle: Array<() => void> = [];

  /** `run` must settle; a rejection is not reported (decodeTask answers every file instead of rejecting). */
  constructor(
    private readonly limit: number,
    private readonly run: (item: T) => Promise<unknown>,
  ) {}

  push(item: T): void {
    this.waiting.push(item);
    this.next();
  }

  /** Items being run now. */
  get running(): number {
    return this.active;
  }

  /** Items waiting for a free place. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Resolves once nothing is running or waiting: at once when idle, else when the last item settles with none left
   * (an item's `run` may push more before it settles; those are waited for too).
   */
  drained(): Promise<void> {
    if (!this.active && !this.waiting.length) return Promise.resolve();
    return new Promise((done) => this.idle.push(done));
  }

  private next(): void {
    while (this.active < this.limit && this.waiting.length) {
      this.active++;
      const settled = () => {
        this.active--;
        this.next();
      };
      this.run(this.waiting.shift()!).then(settled, settled);
    }
    if (!this.active && !this.waiting.length) for (const done of this.idle.splice(0)) done();
  }
}
