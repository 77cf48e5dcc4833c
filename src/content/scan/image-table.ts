/**
 * The scanner's table of the image URLs found in this frame: which elements show each one, how far its check has
 * got (new: its size still to be learnt; queued; sent; done) and its result. What `scan/progress` counts comes
 * from here, through `size` and `pending`, so nothing outside reads the scanner's state.
 */
import type { ImageResult } from '../../lib/protocol/index.js';

export interface Entry {
  els: Set<Element>;
  state: 'new' | 'queued' | 'sent' | 'done';
  result?: ImageResult;
}

export class ImageTable {
  private readonly byUrl = new Map<string, Entry>();
  private readonly urls = new WeakMap<Element, Set<string>>();
  /** URLs whose result is flagged. */
  readonly flagged = new Set<string>();

  /** `el` shows `url`: its entry, and whether the URL is new to the table. */
  add(el: Element, url: string): { entry: Entry; fresh: boolean } {
    let urls = this.urls.get(el);
    if (!urls) this.urls.set(el, (urls = new Set()));
    urls.add(url);
    const entry = this.byUrl.get(url);
    if (entry) {
      entry.els.add(el);
      return { entry, fresh: false };
    }
    const created: Entry = { els: new Set([el]), state: 'new' };
    this.byUrl.set(url, created);
    return { entry: created, fresh: true };
  }

  get(url: string): Entry | undefined {
    return this.byUrl.get(url);
  }

  /** The URLs `el` was found showing (some maybe forgotten since). */
  urlsOf(el: Element): Iterable<string> {
    return this.urls.get(el) ?? [];
  }

  /** `el` does not count for `url` (an icon-sized copy): the URL is forgotten when no element shows it. */
  drop(el: Element, url: string): void {
    const entry = this.byUrl.get(url);
    entry?.els.delete(el);
    this.urls.get(el)?.delete(url);
    if (entry && !entry.els.size) this.byUrl.delete(url);
  }

  /** Of `urls`, those still known (a restart may have forgotten some), each now sent. */
  send(urls: string[]): string[] {
    const kept = urls.filter((url) => this.byUrl.has(url));
    for (const url of kept) this.byUrl.get(url)!.state = 'sent';
    return kept;
  }

  /** Of `urls`, those still waiting for a verdict (sent), each queued again. */
  requeue(urls: Iterable<string>): string[] {
    const again: string[] = [];
    for (const url of urls) {
      const entry = this.byUrl.get(url);
      if (entry?.state !== 'sent') continue;
      entry.state = 'queued';
      again.push(url);
    }
    return again;
  }

  /** The verdict for `url`: its entry (undefined when forgotten meanwhile), flagged when it matched. */
  settle(url: string, result: ImageResult): Entry | undefined {
    const entry = this.byUrl.get(url);
    if (!entry) return undefined;
    entry.state = 'done';
    entry.result = result;
    if (result.status === 'matched') this.flagged.add(url);
    return entry;
  }

  /** Forgets every URL and verdict (the elements' URL sets stay: a URL counts again only once found again). */
  clear(): void {
    this.byUrl.clear();
    this.flagged.clear();
  }

  /** URLs found. */
  get size(): number {
    return this.byUrl.size;
  }

  /** URLs waiting for their turn or their verdict (a requeued batch too). */
  get pending(): number {
    let n = 0;
    for (const e of this.byUrl.values()) if (e.state === 'queued' || e.state === 'sent') n++;
    return n;
  }
}
