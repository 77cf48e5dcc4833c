/**
 * blockhash-core's bmvbhashEven (16x16 grid, sides divisible by 16) rewritten for typed arrays: the same block
 * totals (integers, so the order of summing does not matter), the same band medians and tie rule, the same hex.
 * The library's version pushes to plain arrays, copies and sorts them with a comparator and joins bit strings, and
 * cost more than the rest of a block's arithmetic. tests/unit/blockhash-even.test.ts compares the two bit for bit.
 */
const GRID = 16;
const BAND = (GRID * GRID) / 4;
const HEX = '0123456789abcdef';

const totals = new Float64Array(GRID * GRID);
const band = new Float64Array(BAND);

/** Hex blockhash of opaque-or-not RGBA bytes whose width and height are multiples of 16. */
export function blockhashEven(width: number, height: number, data: Uint8Array): string {
  const bw = width / GRID;
  const bh = height / GRID;
  totals.fill(0);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / bh) * GRID;
    let i = y * width * 4;
    for (let bx = 0; bx < GRID; bx++) {
      let t = 0;
      for (let k = 0; k < bw; k++, i += 4) t += data[i + 3] === 0 ? 765 : data[i]! + data[i + 1]! + data[i + 2]!;
      totals[row + bx] = totals[row + bx]! + t;
    }
  }
  // Above the median is 1; a block at the median (within 1) is 1 only when the median is in the upper half.
  const half = (bw * bh * 256 * 3) / 2;
  let hex = '';
  for (let b = 0; b < 4; b++) {
    band.set(totals.subarray(b * BAND, (b + 1) * BAND));
    band.sort();
    const m = (band[BAND / 2 - 1]! + band[BAND / 2]!) / 2;
    for (let j = b * BAND; j < (b + 1) * BAND; j += 4) {
      let nibble = 0;
      for (let k = 0; k < 4; k++) {
        const v = totals[j + k]!;
        nibble = (nibble << 1) | (v > m || (Math.abs(v - m) < 1 && m > half) ? 1 : 0);
      }
      hex += HEX[nibble];
    }
  }
  return hex;
}
