/**
 * Decoding on every core: `size` worker threads (decode-worker.ts), each given PER_THREAD files at a time.
 * node:worker_threads directly rather than piscina: a task is one message each way, and a worker starts from a
 * bundle of the sources in a clone or from dist-cli/ in the package (worker-bundle.ts). Decoding on the main thread
 * as well, while the workers start, was tried: the audit took longer (the main thread's garbage collection grows
 * with the cache it holds).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DecodeReply, DecodeTask } from './decode-task.js';
import { workerEntry } from './worker-bundle.js';

export type { DecodeReply, DecodeTask } from './decode-task.js';

/** From the bundle or dist-cli (worker-bundle.ts), else through tsx's loader. */
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
    this.started = workerEntry().then((bundle) => {
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
