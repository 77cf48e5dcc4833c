/**
 * The demo registry: the demo list's works (public/demo-list.json, whose publisher is shown verified for
 * creator.example, as if its well-known file named the key) plus synthetic publishers with random works, to show
 * a registry at some scale, built with the registry builder (lib/registry buildRegistry) into memory. Also the
 * static server that serves it (and the end-to-end tests' registries): files by path, ETags, every request logged.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, signList, type KeyPairInfo, type ListDraft } from '../../src/lib/list/index.js';
import { buildRegistry, wellKnownDocument, wellKnownNames, type BuildInput, type RegistryManifest } from '../../src/lib/registry/index.js';

const DEMO_LIST = new URL('../../public/demo-list.json', import.meta.url);
const FREE = { personalUse: true, commercialUse: 'license-required', attributionRequired: true, derivativesAllowed: false } as const;

/** A random 256-bit fingerprint with half its bits set on average (what blockhash gives real images). */
function randomFingerprint(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function syntheticList(key: KeyPairInfo, n: number, works: number): Promise<string> {
  const draft: ListDraft = {
    format: 'license-lens/list',
    formatVersion: 1,
    id: `synthetic-${n}`,
    name: `Synthetic studio ${n}`,
    version: 1,
    updated: '2026-12-01T00:00:00Z',
    publisher: { name: `Synthetic studio ${n}` },
    models: [{ id: 'm', name: `Studio ${n} model`, license: FREE, licensees: [] }],
    works: Array.from({ length: works }, (_, i) => ({ id: `w${i}`, model: 'm', fingerprints: [randomFingerprint()] })),
  };
  return JSON.stringify(await signList(draft, key));
}

export interface BuiltRegistry {
  files: Map<string, Uint8Array>;
  manifest: RegistryManifest;
  key: KeyPairInfo;
}

export interface DemoRegistryOptions {
  publishers?: number;
  worksEach?: number;
  /** The registry key (a new one by default); the same key for every edition of one registry. */
  key?: KeyPairInfo;
  previous?: RegistryManifest;
  /** Signed key revocations (lib/registry signRevocation). */
  revocations?: unknown[];
  /** Lists to include instead of the demo list (the tests' own). */
  lists?: BuildInput[];
  /** Into an existing file map (editions share their content-addressed files). */
  files?: Map<string, Uint8Array>;
}

export async function buildDemoRegistry(opts: DemoRegistryOptions = {}): Promise<BuiltRegistry> {
  const key = opts.key ?? (await generateKeyPair());
  const inputs: BuildInput[] = opts.lists ?? [{ source: 'demo-list.json', text: readFileSync(DEMO_LIST, 'utf8') }];
  for (let n = 1; n <= (opts.publishers ?? 0); n++) inputs.push({ source: `synthetic-${n}`, text: await syntheticList(await generateKeyPair(), n, opts.worksEach ?? 100) });
  const files = opts.files ?? new Map<string, Uint8Array>();
  // creator.example stands for the demo creator's site: its well-known file names every key claiming it.
  const checkDomain = async (domain: string, fp: string) => (domain === 'creator.example' ? wellKnownNames(wellKnownDocument([fp]), fp) : { ok: false as const, error: 'not checked in the demo' });
  const { manifest } = await buildRegistry(inputs, { name: 'License Lens demo registry', key, created: new Date(), previous: opts.previous, revocations: opts.revocations, checkDomain }, async (path, bytes) => void files.set(path, bytes));
  return { files, manifest, key };
}

export interface RegistryServer {
  origin: string;
  /** The manifest's address. */
  url: string;
  files: Map<string, Uint8Array>;
  /** Every path asked for, in order. */
  requests: string[];
  /** Answers by path instead of `files` (a test's endless or broken file). */
  overrides: Map<string, (res: import('node:http').ServerResponse) => void>;
  close(): Promise<void>;
}

/** Serves `files` under /registry/ (mutable: a test swaps editions in); `latencyMs` delays every answer. */
export async function startRegistryServer(files: Map<string, Uint8Array>, opts: { port?: number; latencyMs?: number } = {}): Promise<RegistryServer> {
  const requests: string[] = [];
  const overrides: RegistryServer['overrides'] = new Map();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push(path);
    const send = () => {
      const o = overrides.get(path);
      if (o) return o(res);
      const f = path.startsWith('/registry/') ? files.get(path.slice('/registry/'.length)) : undefined;
      if (!f) return void res.writeHead(404, { 'Access-Control-Allow-Origin': '*' }).end('not found');
      const etag = `"${createHash('sha256').update(f).digest('base64url').slice(0, 22)}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
      res.writeHead(200, { 'Content-Type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream', ETag: etag, 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' }).end(Buffer.from(f));
    };
    if (opts.latencyMs) setTimeout(send, opts.latencyMs);
    else send();
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: `${origin}/registry/manifest.json`,
    files,
    requests,
    overrides,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
