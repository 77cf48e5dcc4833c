/** Property tests for the small parsers every list and message goes through: fingerprint hex and site names. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_TIMEOUT } from './config.js';
import { hammingHex, hexToWords, isFingerprintHex, wordsToHex } from '../../../src/lib/match/hash/bits.js';
import { hostMatchesSite, hostOf, normaliseSite, verdictFor } from '../../../src/lib/license/verdict.js';
import type { Licensee, Model } from '../../../src/lib/types.js';

const RUNS = 5000;
const lowerHex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
const nearHex = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFxg -'), minLength: 60, maxLength: 68 }),
  lowerHex.map((h) => ` ${h}`),
  lowerHex.map((h) => h.toUpperCase()),
  lowerHex.map((h) => `${h}\n`),
);

describe('fingerprint hex', { timeout: FUZZ_TIMEOUT }, () => {
  it('round-trips every valid fingerprint', () => {
    fc.assert(fc.property(lowerHex, (h) => {
        expect(wordsToHex(hexToWords(h))).toBe(h);
      }), { numRuns: RUNS });
  });

  it('rejects everything else with one clear error, and never reads garbage as numbers', () => {
    fc.assert(
      fc.property(nearHex, (s) => {
        if (isFingerprintHex(s)) expect(wordsToHex(hexToWords(s))).toBe(s);
        else expect(() => hexToWords(s)).toThrow(/^not a 256-bit fingerprint/);
      }),
      { numRuns: RUNS },
    );
  });

  it('gives a symmetric distance between 0 and 256, zero only for equal fingerprints', () => {
    fc.assert(
      fc.property(lowerHex, lowerHex, (a, b) => {
        const d = hammingHex(a, b);
        expect(d).toBe(hammingHex(b, a));
        expect(d >= 0 && d <= 256).toBe(true);
        expect(d === 0).toBe(a === b);
      }),
      { numRuns: RUNS },
    );
  });
});

const hostileSite = fc.oneof(
  fc.string(),
  fc.webUrl(),
  fc.domain(),
  fc.domain().map((d) => `*.${d}`),
  fc.domain().map((d) => ` .${d.toUpperCase()}/path `),
  fc.constantFrom('', ' ', '*', '*.', '.', 'http://', 'https://[::1]/', '://x', 'a:b:c', '\u0000', '\uD800', 'ｅｘａｍｐｌｅ.com'),
);

describe('site normalisation', { timeout: FUZZ_TIMEOUT }, () => {
  it('never throws and gives a lower-case host without scheme, path, port or spaces', () => {
    fc.assert(
      fc.property(hostileSite, (s) => {
        const n = normaliseSite(s);
        if (n === undefined) return;
        expect(n).toBe(n.toLowerCase());
        expect(n).not.toMatch(/^\s|\s$|\/|^\*\./);
      }),
      { numRuns: RUNS },
    );
  });

  it('matches a domain, its subdomains, and nothing that merely ends with the same letters', () => {
    fc.assert(
      fc.property(fc.domain(), fc.domain(), (site, other) => {
        const host = hostOf(`https://${site}/`)!;
        expect(hostMatchesSite(host, site)).toBe(true);
        expect(hostMatchesSite(`www.${host}`, `*.${site}`)).toBe(true);
        expect(hostMatchesSite(`evil${host}`, site)).toBe(false);
        if (other !== site && !other.endsWith(`.${site}`)) expect(hostMatchesSite(hostOf(`https://${other}/`)!, site)).toBe(other.toLowerCase() === site.toLowerCase());
      }),
      { numRuns: RUNS },
    );
  });

  it('gives a verdict for any page URL and any licensee list without throwing', () => {
    const licensee: fc.Arbitrary<Licensee> = fc.record({ name: fc.string(), sites: fc.array(hostileSite, { maxLength: 5 }), expires: fc.option(fc.string(), { nil: undefined }) });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl()), fc.array(licensee, { maxLength: 4 }), fc.option(hostileSite, { nil: undefined }), (page, licensees, homepage) => {
        const model: Pick<Model, 'license' | 'licensees'> = {
          license: { personalUse: true, commercialUse: 'license-required', attributionRequired: false, derivativesAllowed: false },
          licensees,
        };
        expect(['unlicensed', 'licensed']).toContain(verdictFor(model, { homepage }, page));
      }),
      { numRuns: RUNS },
    );
  });
});
