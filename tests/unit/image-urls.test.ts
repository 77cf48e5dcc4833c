import { describe, expect, it } from 'vitest';
import { cssImageUrls, parseSrcset, readableImageUrl, tooSmall } from '../../src/lib/page/image-urls.js';

describe('parseSrcset', () => {
  it('reads URLs with width and density descriptors', () => {
    expect(parseSrcset('a.jpg 1x, b.jpg 2x')).toEqual([
      { url: 'a.jpg', descriptor: '1x' },
      { url: 'b.jpg', descriptor: '2x' },
    ]);
    expect(parseSrcset('  small.jpg 480w ,\n large.jpg   1080w  ')).toEqual([
      { url: 'small.jpg', descriptor: '480w' },
      { url: 'large.jpg', descriptor: '1080w' },
    ]);
  });

  it('keeps commas inside URLs and ends a URL at a trailing comma', () => {
    expect(parseSrcset('https://cdn.example/x,y.jpg 2x,z.jpg')).toEqual([
      { url: 'https://cdn.example/x,y.jpg', descriptor: '2x' },
      { url: 'z.jpg', descriptor: '' },
    ]);
    expect(parseSrcset('a.jpg,b.jpg')).toEqual([{ url: 'a.jpg,b.jpg', descriptor: '' }]);
    expect(parseSrcset('a.jpg, b.jpg')).toEqual([
      { url: 'a.jpg', descriptor: '' },
      { url: 'b.jpg', descriptor: '' },
    ]);
  });

  it('keeps data: URLs whole', () => {
    const data = 'data:image/png;base64,iVBORw0KGgo=';
    expect(parseSrcset(`${data} 1x, b.png 2x`).map((c) => c.url)).toEqual([data, 'b.png']);
  });

  it('gives nothing for empty or comma-only values', () => {
    expect(parseSrcset('')).toEqual([]);
    expect(parseSrcset(' , ,, ')).toEqual([]);
  });
});

describe('cssImageUrls', () => {
  it('reads every layer of a multi-layer background and skips gradients', () => {
    expect(cssImageUrls('url("a.png"), linear-gradient(rgb(0, 0, 0), rgba(0, 0, 0, 0.5)), url(b.jpg)')).toEqual(['a.png', 'b.jpg']);
    expect(cssImageUrls('none')).toEqual([]);
    expect(cssImageUrls('radial-gradient(circle, red, blue)')).toEqual([]);
  });

  it('reads quoted, unquoted and escaped url() values', () => {
    expect(cssImageUrls("url('x y.png')")).toEqual(['x y.png']);
    expect(cssImageUrls('url(  a\\(1\\).png )')).toEqual(['a(1).png']);
    expect(cssImageUrls('url("a\\"b.png")')).toEqual(['a"b.png']);
    expect(cssImageUrls('url("\\41 .png")')).toEqual(['A.png']);
    expect(cssImageUrls('URL(up.png)')).toEqual(['up.png']);
  });

  it('reads image-set() and -webkit-image-set(), picking the candidate the screen density shows', () => {
    expect(cssImageUrls('image-set(url("a.png") 1x, url("b.png") 2x)')).toEqual(['a.png']);
    expect(cssImageUrls('image-set(url("a.png") 1x, url("b.png") 2x)', 2)).toEqual(['b.png']);
    expect(cssImageUrls('image-set(url("a.png") 1x, url("b.png") 2x)', 1.5)).toEqual(['b.png']);
    expect(cssImageUrls('image-set(url("a.png") 1x, url("b.png") 2x)', 3)).toEqual(['b.png']);
    expect(cssImageUrls('-webkit-image-set("lo.jpg" 1x, "hi.jpg" 3x)', 3)).toEqual(['hi.jpg']);
    expect(cssImageUrls('image-set("a.avif" type("image/avif") 2x, "a.jpg" 1x)')).toEqual(['a.jpg']);
    expect(cssImageUrls('image-set("a.jpg" 192dpi, "b.jpg" 0.5x)')).toEqual(['a.jpg']);
    expect(cssImageUrls('image-set("only.jpg")')).toEqual(['only.jpg']);
    expect(cssImageUrls('url(first.png), image-set(url(s.png) 1x)')).toEqual(['first.png', 's.png']);
  });

  it('ignores text content and look-alike function names', () => {
    expect(cssImageUrls('"url(not-an-image.png)"')).toEqual([]);
    expect(cssImageUrls('myurl(x.png)')).toEqual([]);
    expect(cssImageUrls('counter(item) ". " url(icon.png)')).toEqual(['icon.png']);
  });

  it('keeps data: URLs whole, including their parentheses-free payload', () => {
    const data = 'data:image/svg+xml;utf8,<svg xmlns="http://www.w3.org/2000/svg"/>';
    expect(cssImageUrls(`url('${data}')`)).toEqual([data]);
  });

  it('never throws on unterminated or random input', () => {
    for (const s of ['url(', 'url("abc', 'image-set(', 'image-set("a" 2x', '\\', 'url(\\', "'", 'image-set(type(']) {
      expect(() => cssImageUrls(s)).not.toThrow();
    }
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = 'url(image-set)"\'\\ ,2x-webkit-a.png';
    for (let n = 0; n < 2000; n++) {
      const s = Array.from({ length: Math.floor(rnd() * 40) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      expect(Array.isArray(cssImageUrls(s))).toBe(true);
      expect(Array.isArray(parseSrcset(s))).toBe(true);
    }
  });
});

describe('readableImageUrl and tooSmall', () => {
  it('accepts only schemes License Lens can read', () => {
    expect(['http://a/x.png', 'https://a/x', 'data:image/png;base64,', 'blob:http://a/uuid'].every(readableImageUrl)).toBe(true);
    expect(['javascript:alert(1)', 'about:blank', 'chrome://x', 'x.png', ''].some(readableImageUrl)).toBe(false);
  });

  it('calls an image too small only when both rendered and natural sizes are under 64 px', () => {
    expect(tooSmall({ width: 1, height: 1 }, { width: 1, height: 1 })).toBe(true);
    expect(tooSmall({ width: 48, height: 48 }, { width: 2000, height: 1500 })).toBe(false);
    expect(tooSmall({ width: 200, height: 40 }, { width: 20, height: 4 })).toBe(false);
    expect(tooSmall({ width: 40, height: 40 })).toBe(true);
    expect(tooSmall({ width: 40, height: 40 }, { width: 0, height: 0 })).toBe(true);
  });
});
