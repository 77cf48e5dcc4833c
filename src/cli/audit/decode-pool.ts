/**
 * Decoding on every core: a few worker threads (decode-worker.ts), each given one file at a time. node:worker_threads
 * directly rather than piscina: a task is one message each way, and the worker must start through tsx in a clone
 * (the sources are TypeScript) or from dist-cli/ in the package, which the bootstrap below handles.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
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

function spawn(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  // In dist-cli/ every chunk sits beside audit-worker.mjs (vite.cli.config.ts).
  const entry = new URL(fromSource ? './decode-worker.ts' : './audit-worker.mjs', import.meta.url);
  if (!fromSource) return new Worker(entry);
  // tsx's ESM API beside the CommonJS file require() resolves (package.json "exports": index.mjs / index.cjs).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true });
}

/**
 * Images given to each thread at once: while its JavaScript fingerprints one image, libvips decodes the next on
 * libuv's pool, so both cores stay busy (bench:audit: 1.3x the single-threaded loop with one, 1.56x with two).
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

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = spawn();
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
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
