import { describe, expect, it } from 'vitest';
import { registerUrlFromHash, splitSites, titleFrom } from '../../src/lib/own/own-input.js';

describe('creator input helpers', () => {
  it('splits typed site lists', () => {
    expect(splitSites(' shop.example, example.org;cdn.example\n  a.example ')).toEqual(['shop.example', 'example.org', 'cdn.example', 'a.example']);
    expect(splitSites(' , ')).toEqual([]);
  });

  it('makes default titles from file names and URLs', () => {
    expect(titleFrom('sunset_04.final.png')).toBe('sunset_04.final');
    expect(titleFrom('no-extension')).toBe('no-extension');
    expect(titleFrom('https://img.example/a/b/%E5%A4%9C%E6%99%AF.webp?w=200')).toBe('夜景');
    expect(titleFrom('https://img.example/')).toBe('');
    expect(titleFrom('https://img.example/%E0%A4%A.jpg')).toBe('');
    expect(titleFrom(`${'x'.repeat(300)}.jpg`)).toHaveLength(200);
  });

  it('reads the image URL of a right-click registration from the page hash', () => {
    const url = 'https://site.example/img/a b.jpg?x=1&y=2#frag';
    expect(registerUrlFromHash(`#register=${encodeURIComponent(url)}`)).toBe(url);
    expect(registerUrlFromHash('#works')).toBeUndefined();
    expect(registerUrlFromHash('#register=')).toBeUndefined();
    expect(registerUrlFromHash('#register=%E0%A4%A')).toBeUndefined();
  });
});
