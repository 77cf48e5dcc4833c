/** Signed lists and an in-memory registry host for the registry tests. */
import { generateKeyPair, signList, type KeyPairInfo, type ListDraft } from '../../../src/lib/list/index.js';
import { buildRegistry, type BuildInput, type BuildOptions } from '../../../src/lib/registry/index.js';

/** A deterministic pseudo-random fingerprint (xorshift), different per seed. */
export function fingerprint(seed: number): string {
  let x = (seed * 2654435761) >>> 0 || 1;
  let hex = '';
  for (let i = 0; i < 8; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    hex += (x >>> 0).toString(16).padStart(8, '0');
  }
  return hex;
}

export async function listText(key: KeyPairInfo, name: string, seeds: number[], homepage?: string, licensees: { name: string; sites: string[] }[] = []): Promise<string> {
  const draft: ListDraft = {
    format: 'license-lens/list',
    formatVersion: 1,
    id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    name: `${name}'s works`,
    version: 1,
    updated: '2026-12-01T00:00:00Z',
    publisher: { name, ...(homepage ? { homepage } : {}) },
    models: [{ id: 'm', name: 'Model', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees }],
    works: seeds.map((s) => ({ id: `w${s}`, model: 'm', fingerprints: [fingerprint(s), fingerprint(s + 100_000)] })),
  };
  return JSON.stringify(await signList(draft, key));
}

export function memoryHost() {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    write: async (path: string, bytes: Uint8Array) => void files.set(path, bytes),
    get: async (path: string) => {
      const f = files.get(path);
      if (!f) throw new Error(`404 ${path}`);
      return f;
    },
  };
}

/** A build into a fresh host, or into `host` (a delta goes into the previous edition's files). */
export async function build(inputs: BuildInput[], opts: Partial<BuildOptions> & { key?: KeyPairInfo } = {}, into?: ReturnType<typeof memoryHost>) {
  const host = into ? { ...into, files: new Map(into.files) } : memoryHost();
  if (into) {
    host.write = async (path, bytes) => void host.files.set(path, bytes);
    host.get = async (path) => host.files.get(path) ?? Promise.reject(new Error(`404 ${path}`));
  }
  const key = opts.key ?? (await generateKeyPair());
  const result = await buildRegistry(inputs, { name: 'Test registry', created: new Date('2026-12-05T00:00:00Z'), ...opts, key }, host.write);
  return { ...result, host, key };
}

/** Distinct keys shaped as bucket keys (word index * 2^32 + word) from a seeded xorshift. */
export function keys(n: number, seed: number): number[] {
  let x = seed >>> 0 || 1;
  const out = new Set<number>();
  while (out.size < n) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.add((out.size % 8) * 2 ** 32 + (x >>> 0));
  }
  return [...out];
}
