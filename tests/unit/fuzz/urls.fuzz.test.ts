/**
 * Property tests for URL discovery: the srcset and CSS parsers read strings a hostile page writes. They must never
 * throw, must only return URLs that appear in the input, and must find every URL of a well-formed value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_TIMEOUT } from './config.js';
import { cssUrls } from '../../../src/lib/page/css-url.js';
import { cssImageUrls, parseSrcset } from '../../../src/lib/page/image-urls.js';

const RUNS = 3000;
/** Characters that matter to these grammars, over-represented so the parsers' edge cases come up often. */
const tricky = fc.string({ unit: fc.constantFrom(...'url()image-set,"\'\\ \t\n;:/.xw12a'), maxLength: 200 });
const anyText = fc.oneof(fc.string({ maxLength: 300 }), tricky, fc.string({ unit: 'grapheme', maxLength: 100 }));
/** URL-ish tokens with no whitespace, comma, quote or parenthesis: what a well-formed value is built from. */
const path = fc.stringMatching(/^[a-z0-9][a-z0-9._~\-/]{0,30}$/);

describe('srcset parsing', { timeout: FUZZ_TIMEOUT }, () => {
  it('never throws, and every candidate URL is text from the input', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        for (const c of parseSrcset(s)) {
          expect(c.url.length).toBeGreaterThan(0);
          expect(s).toContain(c.url);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('finds every candidate of a well-formed srcset, in order', () => {
    const candidate = fc.tuple(path, fc.oneof(fc.constant(''), fc.nat(4000).map((n) => ` ${n + 1}w`), fc.integer({ min: 1, max: 4 }).map((n) => ` ${n}x`)));
    fc.assert(
      fc.property(fc.array(candidate, { minLength: 1, maxLength: 8 }), (cands) => {
        const value = cands.map(([u, d]) => `${u}${d}`).join(', ');
        expect(parseSrcset(value).map((c) => c.url)).toEqual(cands.map(([u]) => u));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('CSS image values', { timeout: FUZZ_TIMEOUT }, () => {
  it('never throw, and return only URLs that come from the value', () => {
    fc.assert(
      fc.property(anyText, fc.double({ min: 0.5, max: 4, noNaN: true }), (s, dpr) => {
        for (const u of cssImageUrls(s, dpr)) expect(typeof u).toBe('string');
        for (const u of cssUrls(s, 'https://page.example/dir/', dpr)) expect(() => new URL(u)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });

  it('find every layer of a well-formed multi-layer background, quoted or not', () => {
    const layer = fc.tuple(path, fc.constantFrom('"', "'", '')).map(([u, q]) => ({ u, css: `url(${q}${u}${q})` }));
    const gradient = fc.constant({ u: undefined, css: 'linear-gradient(red, blue)' });
    fc.assert(
      fc.property(fc.array(fc.oneof(layer, gradient), { minLength: 1, maxLength: 6 }), (layers) => {
        const value = layers.map((l) => l.css).join(', ');
        expect(cssImageUrls(value)).toEqual(layers.flatMap((l) => (l.u ? [l.u] : [])));
      }),
      { numRuns: RUNS },
    );
  });

  it('survive a megabyte of nested parentheses', () => {
    const deep = `${'image-set('.repeat(50_000)}url(a.png)${')'.repeat(50_000)}`;
    expect(() => cssImageUrls(deep)).not.toThrow();
    expect(() => parseSrcset(`${'('.repeat(500_000)}a.png 1x`)).not.toThrow();
  });
});
