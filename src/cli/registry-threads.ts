/**
 * `registry build --threads N`: the summary ranges' shard writing and fuse filters (lib/registry/build-shards.ts) on
 * N worker threads (registry-worker.ts), each writing its ranges' shard files itself. The layer writer takes the
 * results in range order, so the output is the same bytes as one thread's. A thread that throws or dies fails the
 * build with its reason; the manifest is written only after every range, so the folder is never presented as complete.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RangeJob, RangeResult, RangeRunner } from '../lib/registry/index.js';
import type { RangeReply, RangeTask } from './registry-worker.js';

/** From dist-cli/registry-worker.mjs in the package (vite.cli.config.ts), else the source through tsx's loader. */
function spawn(out: string): Worker {
  const workerData = { out };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./registry-worker.mjs', import.meta.url), { workerData });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const source = new URL('./registry-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(source)}); })`, { eval: true, workerData });
}

interface Pending {
  task: RangeTask;
  done: (r: RangeResult) => void;
  fail: (e: Error) => void;
}

/** Bytes a transfer can move without copying: a view of a whole buffer of its own (a Node Buffer may share a pool). */
const own = (b: Uint8Array) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice());

export class RangeThreads {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly sent = new WeakMap<Worker, readonly string[]>();
  private readonly running = new Map<number, Pending & { worker: Worker }>();
  private readonly waiting: Pending[] = [];
  private nextId = 0;
  private broken: Error | undefined;

  /** `size` threads writing shard files under `out`, started at the first range (a small build never starts them). */
  constructor(
    readonly size: number,
    private readonly out: string,
  ) {}

  private start(): void {
    const { out } = this;
    for (let i = 0; i < this.size; i++) {
      const w = spawn(out);
      w.on('message', (r: RangeReply) => this.finish(w, r));
      w.on('error', (e) => this.fail(new Error(`a shard thread failed: ${e.message}`)));
      w.on('exit', (code) => {
        if (this.running.size || this.waiting.length) this.fail(new Error(`a shard thread stopped (exit code ${code}) before its range was written`));
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  readonly run: RangeRunner = (job: RangeJob, packHashes: readonly string[]) =>
    new Promise<RangeResult>((done, fail) => {
      if (this.broken) return fail(this.broken);
      if (!this.workers.length) this.start();
      this.waiting.push({ task: { id: this.nextId++, job: { ...job, groups: job.groups.map((g) => g.map(own)) }, packHashes }, done, fail });
      this.pump();
    });

  private pump(): void {
    while (this.idle.length && this.waiting.length && !this.broken) {
      const worker = this.idle.pop()!;
      const p = this.waiting.shift()!;
      const { job, packHashes } = p.task;
      const first = this.sent.get(worker) !== packHashes;
      if (first) this.sent.set(worker, packHashes!);
      this.running.set(p.task.id, { ...p, worker });
      const task: RangeTask = { id: p.task.id, job, ...(first ? { packHashes } : {}) };
      worker.postMessage(task, job.groups.flat().map((b) => b.buffer as ArrayBuffer));
    }
  }

  private finish(worker: Worker, r: RangeReply): void {
    const p = this.running.get(r.id);
    this.running.delete(r.id);
    this.idle.push(worker);
    if (!p) return;
    if (r.ok) p.done(r.value);
    else p.fail(new Error(`a shard thread failed on the summary range of groups from ${p.task.job.firstGroup}: ${r.error}`));
    this.pump();
  }

  private fail(e: Error): void {
    this.broken ??= e;
    for (const p of [...this.running.values(), ...this.waiting]) p.fail(this.broken);
    this.running.clear();
    this.waiting.length = 0;
  }

  async close(): Promise<void> {
    this.waiting.length = 0;
    this.running.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
