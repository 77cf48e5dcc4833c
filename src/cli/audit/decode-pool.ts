/**
 * Decoding on every core: a few worker threads (decode-worker.ts), each given PER_THREAD files at a time. node:worker_threads
 * directly rather than piscina: a task is one message each way, and the worker must start through tsx in a clone
 * (the sources are TypeScript) or from dist-cli/ in the package, which the bootstrap below handles.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Query } from '../../lib/match/index.js';
import type { GenRecord } from '../../lib/types.js';

export interface DecodeTask {
  id: number;
  path: string;
  /** Also the SHA-256 of the file's bytes (the cache's content key), hex: read once, here, not again on the main thread. */
  hash?: boolean;
}

export type DecodeReply = { id: number; ok: true; query: Query; record?: GenRecord; hash?: string } | { id: number; ok: false; error: string };

/** Where a clone's bundled decoding thread goes: beside the packages its imports name, which resolve from there. */
const CACHE_DIR = new URL('../../../node_modules/.cache/license-lens/', import.meta.url);
let bundled: Promise<URL | undefined> | undefined;

/**
 * The decoding thread's entry. The package runs dist-cli/audit-worker.mjs (every chunk sits beside it,
 * vite.cli.config.ts). A clone bundles the TypeScript sources once per run with esbuild (tsx's own compiler): each
 * thread then loads one file, where starting through tsx's loader cost each thread more than half a second of CPU.
 * Without esbuild, the threads start through tsx.
 */
function entry(): Promise<URL | undefined> {
  if (!import.meta.url.endsWith('.ts')) return Promise.resolve(new URL('./audit-worker.mjs', import.meta.url));
  bundled ??= import('esbuild')
    .then(async ({ build }) => {
      const out = await build({ entryPoints: [fileURLToPath(new URL('./decode-worker.ts', import.meta.url))], write: false, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent' });
      const code = out.outputFiles[0]!.contents;
      // Named by its content and renamed into place: audits running at once never load a half-written file.
      const file = new URL(`audit-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`, CACHE_DIR);
      if (!existsSync(file)) {
        await mkdir(CACHE_DIR, { recursive: true });
        const tmp = new URL(`${file.href}.${process.pid}.tmp`);
        await writeFile(tmp, code);
        await rename(tmp, file);
      }
      return file;
    })
    .catch(() => undefined);
  return bundled;
}

function spawn(bundle: URL | undefined): Worker {
  if (bundle) return new Worker(bundle);
  // tsx's ESM API beside the CommonJS file require() resolves (package.json "exports": index.mjs / index.cjs).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const source = new URL('./decode-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true });
}

/**
 * Images given to each thread at once: while its JavaScript fingerprints one image, libvips decodes the next on
 * libuv's pool, so both cores stay busy.
 */
const PER_THREAD = 2;

export class DecodePool {
  private readonly workers: Worker[] = [];
  /** One entry per free slot: a thread appears PER_THREAD times when it has nothing to do. */
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<{ task: DecodeTask; done: (r: DecodeReply) => void; fail: (e: Error) => void }> = [];
  private readonly running = new Map<number, { done: (r: DecodeReply) => void; fail: (e: Error) => void }>();
  private nextId = 0;
  private broken: Error | undefined;

  private readonly started: Promise<void>;
  private closed = false;

  constructor(size: number) {
    // Tasks queue while the threads start; a pool closed before then starts none.
    this.started = entry().then((bundle) => {
      if (this.closed) return;
      for (let i = 0; i < size; i++) this.add(spawn(bundle));
      this.pump();
    });
  }

  private add(w: Worker): void {
    w.on('message', (r: DecodeReply) => {
      const job = this.running.get(r.id);
      this.running.delete(r.id);
      this.idle.push(w);
      this.pump();
      job?.done(r);
    });
    // A thread that dies (out of memory in libvips) fails its images and the rest: each is reported, none lost silently.
    w.on('error', (e) => {
      this.broken = e;
      for (const job of [...this.running.values(), ...this.waiting]) job.fail(e);
      this.running.clear();
      this.waiting.length = 0;
    });
    this.workers.push(w);
    for (let k = 0; k < PER_THREAD; k++) this.idle.push(w);
  }

  decode(path: string, hash = false): Promise<DecodeReply> {
    return new Promise((done, fail) => {
      if (this.broken) return fail(this.broken);
      this.waiting.push({ task: { id: this.nextId++, path, ...(hash ? { hash } : {}) }, done, fail });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.waiting.length) {
      const w = this.idle.pop()!;
      const { task, done, fail } = this.waiting.shift()!;
      this.running.set(task.id, { done, fail });
      w.postMessage(task);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.started;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
