import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchList, MAX_LIST_REDIRECTS } from '../../src/lib/list/index.js';

/** A fake network: each URL answers with a redirect or a list; every request is logged. */
function network(routes: Record<string, string | { location: string }>): string[] {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(url);
    const route = routes[url];
    if (route === undefined) return new Response('not found', { status: 404 });
    if (typeof route === 'string') return new Response(route, { status: 200 });
    return new Response(null, { status: 302, headers: { location: route.location } });
  });
  return asked;
}

afterEach(() => vi.unstubAllGlobals());

describe('fetchList with checkRedirects (the CLI and the registry builder, which have no browser rules)', () => {
  it('follows a redirect to another public host', async () => {
    const asked = network({ 'https://a.example/l.json': { location: 'https://cdn.example/l.json' }, 'https://cdn.example/l.json': '{}' });
    await expect(fetchList('https://a.example/l.json', {}, { checkRedirects: true })).resolves.toMatchObject({ status: 'ok', text: '{}' });
    expect(asked).toEqual(['https://a.example/l.json', 'https://cdn.example/l.json']);
  });

  for (const local of ['http://127.0.0.1:8080/admin', 'http://192.168.1.1/', 'http://localhost/x', 'http://[::1]/x']) {
    it(`refuses a public list's redirect to ${local} without requesting it`, async () => {
      const asked = network({ 'https://a.example/l.json': { location: local }, [local]: '{}' });
      await expect(fetchList('https://a.example/l.json', {}, { checkRedirects: true })).rejects.toThrow(/redirected to a local address/);
      expect(asked).toEqual(['https://a.example/l.json']);
    });
  }

  it('lets a local list redirect locally (the user chose a local address)', async () => {
    network({ 'http://127.0.0.1:9/a': { location: '/b' }, 'http://127.0.0.1:9/b': '{}' });
    await expect(fetchList('http://127.0.0.1:9/a', {}, { checkRedirects: true })).resolves.toMatchObject({ status: 'ok' });
  });

  it(`stops after ${MAX_LIST_REDIRECTS} hops and refuses non-http targets`, async () => {
    const loop = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`https://a.example/${i}`, { location: `https://a.example/${i + 1}` }]));
    const asked = network(loop);
    await expect(fetchList('https://a.example/0', {}, { checkRedirects: true })).rejects.toThrow(`more than ${MAX_LIST_REDIRECTS} redirects`);
    expect(asked).toHaveLength(MAX_LIST_REDIRECTS + 1);
    network({ 'https://a.example/l.json': { location: 'file:///etc/passwd' } });
    await expect(fetchList('https://a.example/l.json', {}, { checkRedirects: true })).rejects.toThrow(/redirected to file:/);
  });
});
