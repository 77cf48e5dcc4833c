/**
 * A recording HTTP proxy for the privacy test: the browser is launched with every request going through it
 * (scripts/lib/launch.ts `proxy` option), so it sees what the browser, the pages and the extension (background,
 * content scripts, extension pages) ask the network for. Plain http requests are forwarded, so local test
 * servers keep working; a CONNECT (https) is recorded and refused, since nothing outside this machine is reachable
 * or wanted in a test.
 *
 *   const rec = await startRecorder();
 *   const session = await launch(kind, { proxy: rec });
 *   ...browse...
 *   assertOnly(rec.requests, allowed({ pages, pageImages, lists }));
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Absolute URL for http; `https://host:port` for a CONNECT (the path is not visible through a tunnel). */
  url: string;
  at: number;
  /** The first bytes of a request body (POST/PUT), to say what would have left the machine. */
  bodySample?: string;
}

export interface Recorder {
  host: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startRecorder(): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    const entry: RecordedRequest = { method: req.method ?? 'GET', url, at: Date.now() };
    requests.push(entry);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.once('data', (chunk: Buffer) => (entry.bodySample = chunk.subarray(0, 400).toString('utf8')));
    }
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return void res.writeHead(400).end('proxy: absolute URL expected');
    }
    const upstream = httpRequest(
      { host: target.hostname, port: target.port || 80, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers },
      (up: IncomingMessage) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end('proxy: upstream unreachable');
      else res.destroy();
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    requests.push({ method: 'CONNECT', url: `https://${req.url ?? ''}`, at: Date.now() });
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    requests,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** What a test allows the browser to request, and why each entry is there. */
export interface Allowance {
  /** Documents the test itself navigated to (the user typing an address). */
  pages: string[];
  /** Images the pages themselves loaded (their <img> elements), which the extension may fetch again. */
  pageImages: string[];
  /** Lists the user subscribed to (the list-subscription feature adds its URLs here). */
  lists?: string[];
  /** Browser traffic no switch turns off (UNSTOPPABLE below), each with the reason it is not a leak. */
  other?: Unstoppable[];
}

export interface Unstoppable {
  method: string;
  /** The request URL starts with this (for CONNECT: `https://host:port`). */
  urlPrefix: string;
  why: string;
}

/**
 * Requests the browser itself makes that no flag or pref available here turns off (each was tried; see
 * docs/security.md). They come from the browser process, before and regardless of any page or extension, and
 * carry nothing from pages or from License Lens. Everything else (update checks, telemetry, remote settings,
 * network time) is switched off in scripts/lib/launch.ts.
 */
export const UNSTOPPABLE: Record<'chrome' | 'firefox', Unstoppable[]> = {
  chrome: [
    {
      method: 'CONNECT',
      urlPrefix: 'https://accounts.google.com:443',
      why: "Chromium's IdentityManager lists the profile's Google accounts once its network is up (chromiumembedded/cef#4276: no switch turns it off)",
    },
    {
      method: 'CONNECT',
      urlPrefix: 'https://update.googleapis.com:443',
      why: 'Chromium 156 on-demand component check for the optimization guide on-device models manifest, sent despite --disable-component-update',
    },
    {
      method: 'POST',
      urlPrefix: 'http://update.googleapis.com/service/update2/json?',
      why: 'the same component check in plain http (component id ceofaddefefcbblgcgnibnonglccbfja, OS and CPU facts only)',
    },
  ],
  firefox: [],
};

export interface AllowList {
  has(request: Pick<RecordedRequest, 'method' | 'url'>): boolean;
  describe(): string[];
}

const withoutHash = (u: string) => u.split('#')[0]!;

export function allowed(a: Allowance): AllowList {
  const urls = new Map<string, string>();
  for (const u of a.pages) urls.set(withoutHash(u), 'page the test opened');
  for (const u of a.pageImages) urls.set(withoutHash(u), 'image the page loaded');
  for (const u of a.lists ?? []) urls.set(withoutHash(u), 'subscribed list');
  const other = a.other ?? [];
  return {
    has: (r) => (r.method !== 'CONNECT' && urls.has(withoutHash(r.url))) || other.some((o) => o.method === r.method && r.url.startsWith(o.urlPrefix)),
    describe: () => [...[...urls].map(([u, why]) => `${u} (${why})`), ...other.map((o) => `${o.method} ${o.urlPrefix}* (${o.why})`)],
  };
}

/** Throws, naming every request that was not allowed. Returns the number of requests checked. */
export function assertOnly(requests: RecordedRequest[], allow: AllowList): number {
  const bad = requests.filter((r) => !allow.has(r));
  if (bad.length) {
    throw new Error(
      `${bad.length} request(s) outside what the page loaded and the user subscribed to:\n` +
        bad.map((r) => `  ${r.method} ${r.url}`).join('\n') +
        `\nallowed:\n${allow.describe().map((d) => `  ${d}`).join('\n')}`,
    );
  }
  return requests.length;
}

/**
 * Every request a local server logged must also have passed through the proxy: otherwise some context bypassed
 * it, and the proxy's log would not be the whole story.
 */
export function assertProxied(requests: RecordedRequest[], origin: string, serverPaths: string[]): void {
  const seen = new Set(requests.map((r) => withoutHash(r.url)));
  const missing = serverPaths.filter((p) => !seen.has(`${origin}${p}`));
  if (missing.length) throw new Error(`requests reached ${origin} without passing the recording proxy: ${missing.join(', ')}`);
}
