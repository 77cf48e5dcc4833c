/**
 * Decoding on every core: the main thread and `size - 1` worker threads (decode-worker.ts). The main thread is one
 * of the decoders because it already holds sharp and a warm compiler: a worker thread costs a start of its own (V8,
 * the bundle, sharp's native module) that the single-threaded loop never pays. Each decoder decodes DECODING images
 * at once; a worker thread is handed WORKER_IN_HAND, the rest waiting in its own queue. node:worker_threads
 * directly rather than piscina: a task is one message each way, and a worker starts from a bundle of the sources in
 * a clone or from dist-cli/ in the package (worker-bundle.ts).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { DECODING, decodeTask, type DecodeReply, type DecodeTask } from './decode-task.js';
import { workerEntry } from './worker-bundle.js';

export type { DecodeReply, DecodeTask } from './decode-task.js';

/**
 * The parent's flags without tsx's loader (`--import …tsx…`, `--require …tsx…`): a thread started from the bundle
 * runs plain JavaScript, and the loader only slows its start (its hooks see every module sharp loads).
 */
export function threadArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (/^(--import|--require|-r|--loader|--experimental-loader)$/.test(a) && /[\\/]tsx[\\/]/.test(argv[i + 1] ?? '')) i++;
    else if (!/^--(import|require|loader|experimental-loader)=.*[\\/]tsx[\\/]/.test(a)) out.push(a);
  }
  return out;
}

/**
 * A thread with these flags. Node refuses per-process flags in a thread's list (`--max-old-space-size`,
 * `--trace-gc`: V8's flags are the process's, so the thread has them already) where it accepts them inherited; the
 * list is explicit here (tsx's loader left out), so the flags it names are left out too.
 */
export function threadWithArgv(entry: URL, execArgv: string[], options: WorkerOptions = {}): Worker {
  try {
    return new Worker(entry, { ...options, execArgv });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    // "Initiated Worker with invalid execArgv flags: --a, --b"
    const refused = new Set((e as Error).message.split(': ').pop()!.split(', '));
    return new Worker(entry, { ...options, execArgv: execArgv.filter((a) => !refused.has(a)) });
  }
}

/** From the bundle or dist-cli (worker-bundle.ts), else through tsx's loader. */
function spawn(bundle: URL | undefined): Worker {
  if (bundle) return threadWithArgv(bundle, threadArgv(process.execArgv));
  // tsx's ESM API beside the CommonJS file require() resolves (package.json "exports": index.mjs / index.cjs).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const source = new URL('./decode-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true });
}

/**
 * Images handed to a worker thread at once: DECODING being decoded, the rest waiting in its queue. A worker is handed
 * its next image only when the main thread's event loop turns, and the main thread is often busy matching or
 * fingerprinting for a few milliseconds; with only DECODING in hand the worker then sat with nothing to do, a
 * core idle (docs/benchmarks.md, h-audit4). The main thread is handed DECODING: it hands itself the next at once.
 */
export const WORKER_IN_HAND = 4;

/** The main thread's own lane. */
const MAIN = 'main';
type Lane = Worker | typeof MAIN;
type Job = { done: (r: DecodeReply) => void; fail: (e: Error) => void };

export class DecodePool {
  private readonly workers: Worker[] = [];
  /** One entry per free slot: the main thread appears DECODING times when it has nothing to do, a worker WORKER_IN_HAND. */
  private readonly idle: Lane[] = [];
  private readonly waiting: Array<{ task: DecodeTask } & Job> = [];
  private readonly running = new Map<number, Job>();
  private nextId = 0;
  /** Images the main thread decoded (the rest went to the worker threads). */
  decodedOnMain = 0;
  private broken: Error | undefined;

  /** Resolves once the worker threads are spawned (tasks given before then wait for a free decoder). */
  readonly started: Promise<void>;
  private closed = false;

  /** `size` decoders in all: the main thread and size - 1 worker threads. */
  constructor(size: number) {
    for (let k = 0; k < DECODING; k++) this.idle.push(MAIN);
    // Tasks queue on the main thread while the workers start; a pool closed before then starts none.
    this.started =
      size > 1
        ? workerEntry().then((bundle) => {
            if (this.closed) return;
            for (let i = 1; i < size; i++) this.add(spawn(bundle));
            this.pump();
          })
        : Promise.resolve();
  }

  private add(w: Worker): void {
    w.on('message', (r: DecodeReply) => this.finish(w, r));
    // A thread that dies (out of memory in libvips) fails its images and the rest: each is reported, none lost silently.
    w.on('error', (e) => {
      this.broken = e;
      for (const job of [...this.running.values(), ...this.waiting]) job.fail(e);
      this.running.clear();
      this.waiting.length = 0;
    });
    this.workers.push(w);
    for (let k = 0; k < WORKER_IN_HAND; k++) this.idle.push(w);
  }

  private finish(lane: Lane, r: DecodeReply): void {
    const job = this.running.get(r.id);
    this.running.delete(r.id);
    this.idle.push(lane);
    this.pump();
    job?.done(r);
  }

  decode(path: string, hash = false): Promise<DecodeReply> {
    return new Promise((done, fail) => {
      if (this.broken) return fail(this.broken);
      this.waiting.push({ task: { id: this.nextId++, path, ...(hash ? { hash } : {}) }, done, fail });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.waiting.length && !this.broken) {
      const lane = this.idle.pop()!;
      const { task, done, fail } = this.waiting.shift()!;
      this.running.set(task.id, { done, fail });
      // decodeTask answers every file, readable or not: it never rejects.
      if (lane === MAIN) {
        this.decodedOnMain++;
        void decodeTask(task).then((r) => this.finish(MAIN, r));
      } else lane.postMessage(task);
    }
  }

  /** Images each worker thread holds now (being decoded or waiting in its queue). */
  get inHand(): number[] {
    return this.workers.map((w) => WORKER_IN_HAND - this.idle.filter((lane) => lane === w).length);
  }

  /** Worker threads started (the main thread not counted). */
  get threads(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.started;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
