/**
 * The detail-key stage of a lookup: a scan of every work's key in a small registry, the key index in a large one.
 */
import { KEY_MAX } from '../detail/detail-verify.js';
import { scanKeys } from '../detail/key-scan.js';
import { KEY_INDEX_MIN_WORKS, KeyIndex } from './key-index.js';
import type { PackedRegistry } from './packed-registry.js';

/**
 * The detail-key stage: works whose key is within KEY_MAX of a query key. Compares every work's key (key-scan.ts)
 * in a registry of fewer than KEY_INDEX_MIN_WORKS works with a key, else looks them up in the key index
 * (key-index.ts), built on first use.
 */
export class KeyStage {
  private index: KeyIndex | undefined;
  private readonly works: number;
  readonly indexed: boolean;
  private scanned = 0;

  /** `minWorks`: works with a key from which the index is used (bench:index passes Infinity for the scan's verdicts). */
  constructor(
    private readonly packed: Pick<PackedRegistry, 'detailKeys' | 'hasDetail' | 'workIds'>,
    minWorks = KEY_INDEX_MIN_WORKS,
  ) {
    this.works = packed.workIds.length;
    this.indexed = packed.hasDetail.reduce((a, v) => a + v, 0) >= minWorks;
  }

  /** The key index (built now when needed), or undefined when every key is compared. */
  get keyIndex(): KeyIndex | undefined {
    if (this.indexed) this.index ??= new KeyIndex(this.packed.detailKeys, this.works);
    return this.index;
  }

  /** Work keys compared with a query key so far, by scans and through the index (tests count them). */
  get compared(): number {
    return this.scanned + (this.index?.compared ?? 0);
  }

  /**
   * Works within KEY_MAX of one of the query keys, with the nearest distance, in the scan's order. `extra` keys come
   * after `keys` and are looked up in the index only: one that can probe too few tables adds nothing rather than a
   * comparison with every work (the flat-corner key, made for most page images, would otherwise scan often).
   * `budget`: through the index, each key probes only its most reliable tables within that many buckets.
   */
  candidates(keys: readonly Uint32Array[], extra: readonly Uint32Array[] = [], budget?: number): Map<number, number> {
    const scan = (k: readonly Uint32Array[]) => {
      this.scanned += k.length * this.works;
      return scanKeys(k, this.packed.detailKeys, this.works, KEY_MAX);
    };
    const all = extra.length ? [...keys, ...extra] : keys;
    const index = this.keyIndex;
    if (!index) return scan(all);
    // The extra keys (flat corners, turned, windows, fit) probe every table they can, or within `budget`.
    return index.near(all, KEY_MAX, (k) => (extra.includes(k) ? new Map() : scan([k])), budget, keys.length);
  }
}
