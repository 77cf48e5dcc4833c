/**
 * Work handed over in bulk (an IntersectionObserver report for thousands of elements at once) done in time
 * slices: each slice handles items until `sliceMs` has passed (at least one item), then yields to the page and
 * goes on in the next task. A page with 10,000 images otherwise got an 80 ms task from one observer callback
 * (bench:load). Pure: the clock and the scheduler are passed in, so unit tests drive it in Node.
 */
export interface SlicedQueueOptions<T> {
  each: (item: T) => void;
  /** After each slice that handled anything (the scanner sends what became ready). */
  after: () => void;
  /** Runs `fn` in a later task. */
  schedule: (fn: () => void) => void;
  sliceMs: number;
  now: () => number;
}

export interface SlicedQueue<T> {
  push(item: T): void;
  /** Items not handled yet. */
  readonly size: number;
  /** Drops every item not handled yet. */
  clear(): void;
}

export function slicedQueue<T>({ each, after, schedule, sliceMs, now }: SlicedQueueOptions<T>): SlicedQueue<T> {
  let items: T[] = [];
  let head = 0;
  let scheduled = false;

  function arm(): void {
    if (scheduled || head >= items.length) return;
    scheduled = true;
    schedule(slice);
  }

  function slice(): void {
    scheduled = false;
    const end = now() + sliceMs;
    let handled = 0;
    // The items array is only read from `head` on: handled ones are released for the collector below. `each`
    // may clear the queue (the scan stopped): the loop then ends at once.
    while (head < items.length && (handled === 0 || now() < end)) {
      handled++;
      each(items[head++]!);
    }
    if (head >= items.length) {
      items = [];
      head = 0;
    } else if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      head = 0;
    }
    arm();
    if (handled) after();
  }

  return {
    push(item) {
      items.push(item);
      arm();
    },
    get size() {
      return items.length - head;
    },
    clear() {
      items = [];
      head = 0;
    },
  };
}
