/**
 * The detail-key stage's candidate scan (detail-key.ts keys, KEY_MAX in detail-verify.ts) over every work's packed
 * key, made cheap enough to run on every page image at a million fingerprints: the scan is linear in works, so it
 * reads the packed keys in one pass with the popcounts inlined (a 16-bit table), and drops a work as soon as the
 * bits already found differing exceed KEY_MAX of the most common bits the remaining words could add. It returns
 * exactly what comparing every work with `keyDistance` returns: `keyCandidates` below, the reference it must agree
 * with (tests/unit/key-scan.test.ts checks it on random and near keys; bench:index times both). Pure.
 */
import { commonNeeded, KEY_WORDS, keyDistance } from './detail-key.js';

/** popcount of every 16-bit value. */
const POP16 = (() => {
  const t = new Uint8Array(1 << 16);
  for (let i = 1; i < t.length; i++) t[i] = (i & 1) + t[i >> 1]!;
  return t;
})();
const pop = (v: number) => POP16[v & 0xffff]! + POP16[v >>> 16]!;

const STRIDE = 2 * KEY_WORDS;
/** Keeps a float rounding at the boundary from dropping a work the exact distance would keep. */
const SLACK = 1e-6;

/**
 * Works (by index) whose key (8 words each in `keys`: key, then mask) is within `max` of one of the query's keys,
 * with that distance: the share of the bits reliable in both that disagree, never with fewer common bits than the
 * query key needs (`commonNeeded`).
 */
export function scanKeys(queryKeys: readonly Uint32Array[], keys: Uint32Array, works: number, max: number): Map<number, number> {
  const found = new Map<number, number>();
  const n = Math.min(works, Math.floor(keys.length / STRIDE));
  for (const k of queryKeys) {
    const q0 = k[0]!, q1 = k[1]!, q2 = k[2]!, q3 = k[3]!;
    const m0 = k[4]!, m1 = k[5]!, m2 = k[6]!, m3 = k[7]!;
    // The most common bits words 2-3 and word 3 can still add: the query's reliable bits there.
    const rest2 = pop(m2) + pop(m3);
    const rest3 = pop(m3);
    const need = commonNeeded(pop(m0) + pop(m1) + rest2);
    if (pop(m0) + pop(m1) + rest2 < need) continue;
    for (let w = 0, o = 0; w < n; w++, o += STRIDE) {
      const c0 = m0 & keys[o + 4]!;
      const c1 = m1 & keys[o + 5]!;
      let common = pop(c0) + pop(c1);
      let differ = pop((q0 ^ keys[o]!) & c0) + pop((q1 ^ keys[o + 1]!) & c1);
      if (differ > max * (common + rest2) + SLACK) continue;
      const c2 = m2 & keys[o + 6]!;
      common += pop(c2);
      differ += pop((q2 ^ keys[o + 2]!) & c2);
      if (differ > max * (common + rest3) + SLACK) continue;
      const c3 = m3 & keys[o + 7]!;
      common += pop(c3);
      differ += pop((q3 ^ keys[o + 3]!) & c3);
      if (common < need) continue;
      const d = differ / common;
      if (d <= max && d < (found.get(w) ?? 1)) found.set(w, d);
    }
  }
  return found;
}

/**
 * The reference `scanKeys` must agree with, written plainly: every work's distance with `keyDistance`, kept within
 * `max`. The extension never calls it (the matcher runs `scanKeys`); it is what the fast scan is checked against.
 */
export function keyCandidates(queryKeys: readonly Uint32Array[], keys: Uint32Array, works: number, max: number): Map<number, number> {
  const found = new Map<number, number>();
  for (let w = 0; w < works; w++) {
    let best = 1;
    for (const k of queryKeys) best = Math.min(best, keyDistance(k, keys, w * 2 * KEY_WORDS));
    if (best <= max) found.set(w, best);
  }
  return found;
}
