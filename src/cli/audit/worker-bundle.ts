/**
 * The entry of the audit's decoding threads (decode-pool.ts). The package runs dist-cli/audit-worker.mjs (every
 * chunk sits beside it, vite.cli.config.ts). A clone bundles the TypeScript sources with esbuild (tsx's own
 * compiler) into one file that each thread loads, where starting through tsx's loader cost each thread more than
 * half a second of CPU; the bundle is kept with the sizes and times of the sources it was built from and built again
 * only when one of them changed. Without esbuild, the threads start through tsx.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

/** Beside the packages the bundle's imports name, which resolve from there. */
const CACHE_DIR = new URL('../../../node_modules/.cache/license-lens/', import.meta.url);
const ROOT = new URL('../../../', import.meta.url);
/**
 * One stamp per source tree: worktrees of one repository share node_modules (a symlink), and a shared stamp made
 * each tree's audit rebuild the bundle the other had just stamped.
 */
export const stampFor = (root: URL): URL => new URL(`audit-worker-${createHash('sha256').update(root.href).digest('hex').slice(0, 12)}.json`, CACHE_DIR);
const STAMP = stampFor(ROOT);
const SOURCE = new URL('./decode-worker.ts', import.meta.url);
/** This file, relative to the root: a stamp lists it, so a change to how the bundle is built (its plugin) builds it again. */
const BUILDER = import.meta.url.slice(ROOT.href.length);

/** The bundle file and, per source file (relative to the project root), its size and modification time. */
interface Stamp {
  file: string;
  inputs: Record<string, [number, number]>;
}

let entry: Promise<URL | undefined> | undefined;

/** The file a decoding thread starts from, or undefined: start through tsx (decode-pool.ts). */
export function workerEntry(): Promise<URL | undefined> {
  if (!import.meta.url.endsWith('.ts')) return Promise.resolve(new URL('./audit-worker.mjs', import.meta.url));
  entry ??= (async () => kept() ?? (await bundle()))().catch(() => undefined);
  return entry;
}

const stampOf = (rel: string): [number, number] => {
  const s = statSync(new URL(rel, ROOT));
  return [s.size, s.mtimeMs];
};

function kept(): URL | undefined {
  try {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8')) as Stamp;
    const file = new URL(stamp.file, CACHE_DIR);
    // A stamp without the builder is an older builder's.
    const same = BUILDER in stamp.inputs && Object.entries(stamp.inputs).every(([rel, [size, time]]) => {
      const [s, t] = stampOf(rel);
      return s === size && t === time;
    });
    return same && existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** The project's pure logic (src/lib/): no module there is imported for what it does when it loads. */
const LIB = fileURLToPath(new URL('src/lib/', ROOT));
const RESOLVED = Symbol('resolved');

/**
 * The matcher's modules build the detail stages' tables when they load (tens of milliseconds of a thread's start);
 * a decoding thread only fingerprints. src/lib/ marked free of side effects, esbuild leaves out every module of it
 * whose exports the thread does not use.
 */
const libWithoutSideEffects: Plugin = {
  name: 'lib-without-side-effects',
  setup(b) {
    b.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData === RESOLVED) return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: RESOLVED });
      if (r.errors.length || !r.path.startsWith(LIB)) return undefined;
      return { path: r.path, sideEffects: false };
    });
  },
};

async function bundle(): Promise<URL> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [fileURLToPath(SOURCE)],
    absWorkingDir: fileURLToPath(ROOT),
    write: false,
    metafile: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
    plugins: [libWithoutSideEffects],
  });
  const code = out.outputFiles[0]!.contents;
  const name = `audit-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  const inputs = Object.fromEntries([...Object.keys(out.metafile.inputs), BUILDER].map((rel) => [rel, stampOf(rel)]));
  // Renamed into place, the bundle named by its content: audits running at once never load a half-written file.
  await mkdir(CACHE_DIR, { recursive: true });
  const put = async (to: URL, data: string | Uint8Array) => {
    const tmp = new URL(`${to.href}.${process.pid}.tmp`);
    await writeFile(tmp, data);
    await rename(tmp, to);
  };
  const file = new URL(name, CACHE_DIR);
  if (!existsSync(file)) await put(file, code);
  await put(STAMP, JSON.stringify({ file: name, inputs } satisfies Stamp));
  return file;
}
