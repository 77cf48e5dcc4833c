import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_TIMEOUT } from './fuzz/config.js';
import { fetchRefusal, isLocalHost, LOCAL_URL_REGEXES, mayFetch } from '../../src/lib/page/url-guard.js';

/** Whether one of the redirect guard's block rules (background/scan/fetch-rules.ts) takes this URL as the browser writes it. */
const rules = LOCAL_URL_REGEXES.map((r) => new RegExp(r, 'i'));
const ruleBlocks = (href: string) => rules.some((r) => r.test(href));

const PUBLIC_PAGE = 'https://news.example.com/article';
const LOCAL_PAGE = 'http://127.0.0.1:8700/';

describe('url guard: schemes', { timeout: FUZZ_TIMEOUT }, () => {
  it.each([
    'https://cdn.example.com/a.jpg',
    'http://images.example.org:8080/b.png?x=1',
    'HTTPS://CDN.EXAMPLE.COM/c.webp',
    'data:image/png;base64,iVBORw0KGgo=',
    'https://8.8.8.8/pic.jpg',
    'https://[2001:db8::1]/pic.jpg',
    'https://xn--bcher-kva.example/pic.jpg',
  ])('allows %s on a public page', (url) => expect(fetchRefusal(url, PUBLIC_PAGE)).toBeUndefined());

  it.each([
    ['chrome-extension://abcdefghijklmnop/demo-list.json', /chrome-extension: URLs/],
    ['moz-extension://0a1b2c3d-0000-4000-8000-000000000000/demo-list.json', /moz-extension: URLs/],
    ['file:///etc/passwd', /file: URLs/],
    ['ftp://example.com/a.jpg', /ftp: URLs/],
    ['blob:https://news.example.com/1234', /blob: URLs/],
    ['javascript:alert(1)', /javascript: URLs/],
    ['about:blank', /about: URLs/],
    ['chrome://settings', /chrome: URLs/],
    ['ws://example.com/socket', /ws: URLs/],
    ['filesystem:https://example.com/temporary/a.png', /filesystem: URLs/],
    ['view-source:https://example.com/', /view-source: URLs/],
    ['', /not a valid URL/],
    ['/relative/path.jpg', /not a valid URL/],
    ['https://user:secret@example.com/a.jpg', /credentials/],
  ])('refuses %s', (url, reason) => {
    expect(fetchRefusal(url, PUBLIC_PAGE)).toMatch(reason);
    expect(fetchRefusal(url, LOCAL_PAGE)).toMatch(reason); // a local page gets no other scheme either
  });
});

describe('url guard: local network', { timeout: FUZZ_TIMEOUT }, () => {
  const local = [
    'http://localhost/a.jpg',
    'http://LOCALHOST.:3000/a.jpg',
    'http://app.localhost/a.jpg',
    'http://printer.local/a.jpg',
    'http://nas.home.arpa/a.jpg',
    'http://db.corp.internal/a.jpg',
    'http://router/a.jpg',
    'http://127.0.0.1/a.jpg',
    'http://127.255.0.9:9/a.jpg',
    'http://0.0.0.0:8080/a.jpg',
    'http://10.1.2.3/a.jpg',
    'http://172.16.0.1/a.jpg',
    'http://172.31.255.255/a.jpg',
    'http://192.168.1.1/a.jpg',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/a.jpg',
    'http://198.18.0.1/a.jpg',
    'http://224.0.0.1/a.jpg',
    'http://255.255.255.255/a.jpg',
    // Other spellings of the loopback that the URL parser normalises to 127.0.0.1
    'http://2130706433/a.jpg',
    'http://0x7f000001/a.jpg',
    'http://0177.0.0.1/a.jpg',
    'http://127.1/a.jpg',
    'http://0x7f.1/a.jpg',
    // IPv6
    'http://[::1]/a.jpg',
    'http://[::]/a.jpg',
    'http://[0:0:0:0:0:0:0:1]/a.jpg',
    'http://[fe80::1]/a.jpg',
    'http://[fd12:3456:789a::1]/a.jpg',
    'http://[fc00::5]/a.jpg',
    'http://[fec0::1]/a.jpg',
    'http://[ff02::1]/a.jpg',
    'http://[::ffff:127.0.0.1]/a.jpg',
    'http://[::ffff:192.168.0.10]/a.jpg',
    'http://[::ffff:7f00:1]/a.jpg',
    'http://[::127.0.0.1]/a.jpg',
    'http://[64:ff9b::10.0.0.1]/a.jpg',
    'http://[2002:c0a8:0101::1]/a.jpg',
  ];
  it.each(local)('the redirect rule refuses %s too (as the browser writes the URL)', (url) => {
    expect(ruleBlocks(new URL(url).href)).toBe(true);
  });

  it.each(local)('refuses %s for a public page', (url) => {
    expect(fetchRefusal(url, PUBLIC_PAGE)).toMatch(/local-network address/);
    expect(mayFetch(url, PUBLIC_PAGE)).toBe(false);
  });

  it.each(local)('allows %s for a page that is itself on a local address', (url) => {
    expect(mayFetch(url, LOCAL_PAGE)).toBe(true);
    expect(mayFetch(url, 'http://[::1]:8080/')).toBe(true);
    expect(mayFetch(url, 'http://intranet/wiki')).toBe(true);
  });

  it.each([
    'http://8.8.8.8/a.jpg',
    'http://172.15.255.255/a.jpg',
    'http://172.32.0.1/a.jpg',
    'http://192.169.0.1/a.jpg',
    'http://100.63.255.255/a.jpg',
    'http://100.128.0.1/a.jpg',
    'http://11.0.0.1/a.jpg',
    'http://[2606:4700::1111]/a.jpg',
    'http://[::ffff:8.8.8.8]/a.jpg',
    'http://[2002:0808:0808::1]/a.jpg',
    'http://localhost.example.com/a.jpg',
    'http://local.example.com/a.jpg',
    'http://example.localhost.com/a.jpg',
  ])('treats %s as public', (url) => {
    expect(mayFetch(url, PUBLIC_PAGE)).toBe(true);
    // The redirect rule also refuses every IPv4-mapped and 6to4 literal, public ones included (url-guard.ts).
    const ruleRefuses = /\[(::ffff|2002):/.test(new URL(url).href);
    expect(ruleBlocks(new URL(url).href)).toBe(ruleRefuses);
  });

  it('the redirect rule agrees with isLocalHost on every IPv4 address, never misses a local IPv6 one, and sees past credentials, ports and case', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.constantFrom('', ':8080'), fc.constantFrom('/a.jpg', '?q', '#f', ''), (ip, port, rest) => {
        const url = new URL(`http://${ip}${port}${rest}`);
        expect(ruleBlocks(url.href)).toBe(isLocalHost(url.hostname));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const url = new URL(`https://[${ip}]/a.jpg`);
        if (isLocalHost(url.hostname)) expect(ruleBlocks(url.href)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    for (const href of ['http://u:p@127.0.0.1/a', 'HTTP://ROUTER:81/x', 'https://nas.home.arpa.', 'http://10.0.0.1']) expect(ruleBlocks(href)).toBe(true);
    for (const href of ['http://127.0.0.1.example.com/a', 'http://example.com/http://127.0.0.1/', 'http://example.com/?u=http://10.0.0.1/', 'https://a.b/local']) expect(ruleBlocks(href)).toBe(false);
  });

  it('does not let a page claim to be local through a non-http page URL or garbage', () => {
    for (const page of ['file:///home/x.html', 'chrome-extension://x/popup.html', 'not a url', '']) {
      expect(mayFetch('http://127.0.0.1/a.jpg', page)).toBe(false);
    }
  });

  it('classifies every IPv4 address without throwing, and every private range as local', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const local = isLocalHost(new URL(`http://${ip}/`).hostname);
        const [a, b] = ip.split('.').map(Number) as [number, number];
        if (a === 10 || a === 127 || (a === 192 && b === 168) || (a === 169 && b === 254)) expect(local).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('classifies every IPv6 address (any spelling the URL parser accepts) without throwing', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const host = new URL(`http://[${ip}]/`).hostname;
        expect(typeof isLocalHost(host)).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary strings as image or page URL', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.constantFrom('http://[', 'http://[::ffff:]/', 'http://1.2.3.4.5/')), fc.oneof(fc.string(), fc.webUrl()), (img, page) => {
        expect(typeof mayFetch(img, page)).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });
});
