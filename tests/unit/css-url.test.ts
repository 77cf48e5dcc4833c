import { describe, expect, it } from 'vitest';
import { cssUrls, firstCheckableUrl } from '../../src/lib/page/css-url.js';
import { isPageEnvelope, pageEnvelope } from '../../src/lib/page/page-messages.js';

const BASE = 'https://site.example/dir/page.html';

describe('cssUrls', () => {
  it('reads quoted, single-quoted and unquoted url()s, resolved against the page', () => {
    expect(cssUrls('url("a.jpg")', BASE)).toEqual(['https://site.example/dir/a.jpg']);
    expect(cssUrls("url('/b.png'), linear-gradient(red, blue)", BASE)).toEqual(['https://site.example/b.png']);
    expect(cssUrls('url( c.webp ) no-repeat', BASE)).toEqual(['https://site.example/dir/c.webp']);
    // image-set(): the candidate a screen of that density shows, as the page scan picks it.
    expect(cssUrls('image-set(url("x1.jpg") 1x, url("x2.jpg") 2x)', BASE)).toEqual(['https://site.example/dir/x1.jpg']);
    expect(cssUrls('image-set(url("x1.jpg") 1x, url("x2.jpg") 2x)', BASE, 2)).toEqual(['https://site.example/dir/x2.jpg']);
  });

  it('keeps data: URLs whole, escaped quotes included', () => {
    expect(cssUrls('url("data:image/png;base64,iVBOR==")', BASE)).toEqual(['data:image/png;base64,iVBOR==']);
    expect(cssUrls('url("we\\"ird.jpg")', BASE)).toEqual(['https://site.example/dir/we%22ird.jpg']);
  });

  it('finds nothing in none, gradients or empty url()', () => {
    expect(cssUrls('none', BASE)).toEqual([]);
    expect(cssUrls('linear-gradient(red, blue)', BASE)).toEqual([]);
    expect(cssUrls('url("")', BASE)).toEqual([]);
  });

  it('picks the first URL the background can fetch', () => {
    expect(firstCheckableUrl(['blob:https://x/1', 'chrome-extension://x/a.png', 'data:image/png;base64,AA', 'https://x/b.jpg'])).toBe('data:image/png;base64,AA');
    expect(firstCheckableUrl(['about:blank'])).toBeUndefined();
  });
});

describe('page-message envelopes', () => {
  it('accepts only known names on the extension channel', () => {
    expect(isPageEnvelope(pageEnvelope('card/state', {}))).toBe(true);
    expect(isPageEnvelope({ channel: 'license-lens/page', type: 'eval', payload: {} })).toBe(false);
    expect(isPageEnvelope({ type: 'card/state', payload: {} })).toBe(false);
    expect(isPageEnvelope({ channel: 'license-lens/page', type: 'card/state', payload: null })).toBe(false);
    expect(isPageEnvelope('card/state')).toBe(false);
  });
});
