import { describe, expect, it } from 'vitest';
import { hammingHex, hammingWords, hexToWords, isFingerprintHex, popcount32, wordsToHex } from '../../src/lib/match/hash/bits.js';

const A = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';

describe('bits', () => {
  it('round-trips hex through words', () => {
    expect(wordsToHex(hexToWords(A))).toBe(A);
    expect(wordsToHex(hexToWords('f'.repeat(64)))).toBe('f'.repeat(64));
  });

  it('counts bits', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    for (let i = 0; i < 200; i++) {
      const v = (Math.random() * 2 ** 32) >>> 0;
      expect(popcount32(v)).toBe(v.toString(2).split('1').length - 1);
    }
  });

  it('measures Hamming distance', () => {
    expect(hammingHex(A, A)).toBe(0);
    expect(hammingHex('0'.repeat(64), 'f'.repeat(64))).toBe(256);
    const flipped = (parseInt(A[0]!, 16) ^ 0b1001).toString(16) + A.slice(1);
    expect(hammingHex(A, flipped)).toBe(2);
    const packed = new Uint32Array(16);
    packed.set(hexToWords(A), 8);
    expect(hammingWords(packed, hexToWords(A), 8)).toBe(0);
  });

  it('rejects anything that is not 64 lowercase hex characters', () => {
    for (const bad of ['', A.slice(1), A.toUpperCase(), `${A}0`, A.replace('3', 'g'), null, 42]) {
      expect(isFingerprintHex(bad)).toBe(false);
    }
    expect(() => hexToWords('xyz')).toThrow(/not a 256-bit fingerprint/);
  });
});
