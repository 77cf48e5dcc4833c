/** The privacy harness itself: it records what passes through it, and assertOnly names every request not allowed. */
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { allowed, assertOnly, assertProxied, startRecorder, type Recorder } from '../../scripts/lib/recorder.js';

let rec: Recorder | undefined;
const server = createServer((req, res) => res.end(`hello ${req.url}`));
afterEach(async () => {
  await rec?.close();
  server.close();
});

function viaProxy(r: Recorder, url: string, method = 'GET', body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: r.host, port: r.port, path: url, method }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('recording proxy', () => {
  it('forwards and records http, records and refuses CONNECT, and judges against the allow-list', async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    rec = await startRecorder();
    expect(await viaProxy(rec, `${origin}/page`)).toBe('hello /page');
    await viaProxy(rec, `${origin}/beacon`, 'POST', 'secret=1');
    await new Promise<void>((resolve) => {
      const s = connect(rec!.port, rec!.host, () => s.write('CONNECT telemetry.example:443 HTTP/1.1\r\nHost: telemetry.example:443\r\n\r\n'));
      s.on('data', (d) => expect(String(d)).toMatch(/^HTTP\/1\.1 502/));
      s.on('close', () => resolve());
    });
    expect(rec.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${origin}/page`, `POST ${origin}/beacon`, 'CONNECT https://telemetry.example:443']);
    expect(rec.requests[1]!.bodySample).toBe('secret=1');

    const allow = allowed({ pages: [`${origin}/page`], pageImages: [] });
    expect(() => assertOnly(rec!.requests, allow)).toThrow(/2 request\(s\)[\s\S]*POST .*\/beacon[\s\S]*CONNECT https:\/\/telemetry\.example:443/);
    const withBoth = allowed({ pages: [`${origin}/page`], pageImages: [`${origin}/beacon`], other: [{ method: 'CONNECT', urlPrefix: 'https://telemetry.example:443', why: 'test' }] });
    expect(assertOnly(rec.requests, withBoth)).toBe(3);
    // A CONNECT is never allowed by a plain URL entry, only by a named exception.
    expect(allowed({ pages: ['https://telemetry.example:443'], pageImages: [] }).has({ method: 'CONNECT', url: 'https://telemetry.example:443' })).toBe(false);

    assertProxied(rec.requests, origin, ['/page']);
    expect(() => assertProxied(rec!.requests, origin, ['/page', '/bypassed'])).toThrow(/without passing the recording proxy: \/bypassed/);
  });
});
