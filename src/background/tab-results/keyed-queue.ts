/**
 * Runs async work one at a time per key (a tab id): each call starts after every earlier call for the same key
 * has settled, failed or not, so two writes for one tab never interleave their read and write. Keys with nothing
 * pending are dropped, so the map does not grow with every tab ever seen. Used by the tab results (tab-store.ts)
 * and the presence lists (presence-store.ts). The queue is in memory only; what it guards is in storage.
 */
export class KeyedQueue<K> {
  private readonly tails = new Map<K, Promise<unknown>>();

  run<T>(key: K, fn: () => Promise<T>): Promise<T> {
    const run = (this.tails.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }
}
