/**
 * DCT-sign keys (docs/registry.md, "Key schemes on real photos"): a key of another kind than blockhash words. The
 * image's 16x16 luminance (a query's detail grid; a work's 32x32 detail thumbnail sampled over the whole image or a
 * crop) goes through a 2-D DCT; the signs of its lowest-frequency AC coefficients, taken in zigzag order, are the
 * key's bits. Signs of AC coefficients do not change with brightness or contrast, and a mirror image only negates
 * the coefficients of odd horizontal (or vertical) frequency, so mirrored probes need no second transform. The query
 * side probes the keys obtained by flipping its least certain bits (smallest |coefficient|): a near-duplicate whose
 * small coefficients changed sign still lands in one of them (multi-probe LSH). Pure.
 */

/** Side of the luminance grid transformed (the query's detail grid). */
export const DCT_SIDE = 16;

/** (u, v) pairs of AC frequencies in zigzag order (u horizontal, v vertical; by u + v, then alternating), enough for two 40-bit bands. */
export const ZIGZAG: ReadonlyArray<readonly [number, number]> = (() => {
  const out: [number, number][] = [];
  for (let s = 1; out.length < 96; s++) {
    for (let i = 0; i <= s; i++) {
      const [u, v] = s % 2 ? [i, s - i] : [s - i, i];
      if (u < DCT_SIDE && v < DCT_SIDE) out.push([u, v]);
    }
  }
  return out.slice(0, 96);
})();

/** cos(pi (2x + 1) u / 2N) for x, u < N, row u. */
const COS = (() => {
  const n = DCT_SIDE;
  const t = new Float64Array(n * n);
  for (let u = 0; u < n; u++) for (let x = 0; x < n; x++) t[u * n + x] = Math.cos((Math.PI * (2 * x + 1) * u) / (2 * n));
  return t;
})();

/** The first `count` AC coefficients in ZIGZAG order of a 16x16 luminance grid (row-major), unnormalised. */
export function dctCoefficients(luma: ArrayLike<number>, count: number): Float64Array {
  const n = DCT_SIDE;
  const maxV = Math.max(...ZIGZAG.slice(0, count).map(([, v]) => v)) + 1;
  // rows[v][x] = sum_y luma[y][x] cos_v(y): the vertical pass for the frequencies needed only.
  const rows = new Float64Array(maxV * n);
  for (let v = 0; v < maxV; v++) {
    for (let y = 0; y < n; y++) {
      const c = COS[v * n + y]!;
      for (let x = 0; x < n; x++) rows[v * n + x]! += c * luma[y * n + x]!;
    }
  }
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const [u, v] = ZIGZAG[k]!;
    let s = 0;
    for (let x = 0; x < n; x++) s += COS[u * n + x]! * rows[v * n + x]!;
    out[k] = s;
  }
  return out;
}

/** The coefficients of the image mirrored: left-right ('h') negates odd u, upside down ('v') odd v. */
export function mirrorCoefficients(c: Float64Array, flip: 'h' | 'v' | 'hv'): Float64Array {
  return c.map((x, k) => {
    const [u, v] = ZIGZAG[k]!;
    const neg = ((flip !== 'v' && u % 2) ? 1 : 0) ^ ((flip !== 'h' && v % 2) ? 1 : 0);
    return neg ? -x : x;
  });
}

/** A frame as shares [x, y, width, height] of the image. */
export type DctFrame = readonly [number, number, number, number];

/** A side x side luminance thumbnail (row-major bytes) sampled bilinearly at the centres of a 16x16 grid over `frame`. */
export function sampleGrid(thumb: ArrayLike<number>, side: number, frame: DctFrame): Float64Array {
  const n = DCT_SIDE;
  const [fx, fy, fw, fh] = frame;
  const at = (s: number) => {
    const p = Math.min(side - 1, Math.max(0, s * side - 0.5));
    const i0 = Math.floor(p);
    return [i0, Math.min(side - 1, i0 + 1), p - i0] as const;
  };
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const [y0, y1, ty] = at(fy + ((j + 0.5) / n) * fh);
    for (let i = 0; i < n; i++) {
      const [x0, x1, tx] = at(fx + ((i + 0.5) / n) * fw);
      const a = thumb[y0 * side + x0]! * (1 - tx) + thumb[y0 * side + x1]! * tx;
      const b = thumb[y1 * side + x0]! * (1 - tx) + thumb[y1 * side + x1]! * tx;
      out[j * n + i] = a * (1 - ty) + b * ty;
    }
  }
  return out;
}

/** The key of bits [from, from + bits) of the coefficients: bit i set when coefficient from + i is positive, with the band in the bits above. */
export function signKey(c: Float64Array, from: number, bits: number, band = 0): number {
  let key = 0;
  for (let i = 0; i < bits; i++) key = key * 2 + (c[from + i]! > 0 ? 1 : 0);
  return band * 2 ** bits + key;
}

/** signKey and the 2^probeBits - 1 keys with any subset of the probeBits least certain bits (smallest |coefficient|) flipped. */
export function probeKeys(c: Float64Array, from: number, bits: number, probeBits: number, band = 0): number[] {
  const key = signKey(c, from, bits, band);
  if (probeBits === 0) return [key];
  const order = [...Array(bits).keys()].sort((a, b) => Math.abs(c[from + a]!) - Math.abs(c[from + b]!) || a - b).slice(0, probeBits);
  const out: number[] = [];
  for (let mask = 0; mask < 1 << probeBits; mask++) {
    let k = key;
    for (let j = 0; j < probeBits; j++) {
      if (!(mask & (1 << j))) continue;
      const w = 2 ** (bits - 1 - order[j]!);
      k += Math.floor(k / w) % 2 ? -w : w;
    }
    out.push(k);
  }
  return out;
}
