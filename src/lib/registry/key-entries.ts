/** The builder's key entries (key, pack, slot) as growing typed arrays: 13 bytes a key, no object per entry. */
import type { BucketKey } from './key-hash.js';

/** Where the builder puts files: `path` relative to the registry root. */
export type WriteFile = (path: string, bytes: Uint8Array) => Promise<void>;

export class KeyEntries {
  length = 0;
  keys = new Float64Array(1024);
  packs = new Uint32Array(1024);
  slots = new Uint8Array(1024);

  push(key: BucketKey, pack: number, slot: number): void {
    if (this.length === this.keys.length) {
      const grow = <T extends Float64Array | Uint32Array | Uint8Array>(a: T, make: (n: number) => T) => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.keys = grow(this.keys, (n) => new Float64Array(n));
      this.packs = grow(this.packs, (n) => new Uint32Array(n));
      this.slots = grow(this.slots, (n) => new Uint8Array(n));
    }
    this.keys[this.length] = key;
    this.packs[this.length] = pack;
    this.slots[this.length++] = slot;
  }
}
