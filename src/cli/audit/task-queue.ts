/**
 * Each pushed item run through `run`, at most `limit` at once, the rest waiting in the order they came. A decoding
 * thread (decode-worker.ts) holds the images the pool hands it this way: it decodes two at a time and keeps the
 * next ones in hand, so it never waits for the main thread (busy matching) to hand it another.
 */
export class TaskQueue<T> {
  private readonly waiting: T[] = [];
  private active = 0;

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

  private next(): void {
    while (this.active < this.limit && this.waiting.length) {
      this.active++;
      const settled = () => {
        this.active--;
        this.next();
      };
      this.run(this.waiting.shift()!).then(settled, settled);
    }
  }
}
