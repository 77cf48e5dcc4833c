/**
 * Starts one list operation's job (list-job.ts) in a dedicated worker (worker.ts), or, where no worker can be
 * started, on this thread: slower to answer other events meanwhile, but the operation still completes. Used by
 * Firefox's event page and by Chrome's offscreen document; the worker is ended with the operation, so the list
 * and its records (a few hundred megabytes of objects for a 19 MiB list) do not outlive it.
 */
import type { ListJobReply, ListJobRequest, ListJobValues } from '../lib/protocol/index.js';
import { openRegistry, type RegistryDB } from '../storage/db.js';
import { ListJob } from './list-job.js';

export interface ListJobRunner {
  run(request: ListJobRequest): Promise<ListJobReply>;
  end(): void;
}

export function startListJobRunner(): ListJobRunner {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'License Lens lists' });
  } catch (e) {
    console.info('[License Lens] no list worker, checking lists on this thread:', e);
    return listJobHere(openRegistry);
  }
  return overChannel(worker);
}

/** The job on this thread (Node tests, and where no worker starts). */
export function listJobHere(db: () => Promise<RegistryDB>): ListJobRunner {
  const job = new ListJob(db);
  return { run: (request) => job.run(request), end: () => undefined };
}

/** One request's value; its failure thrown as an Error with the job's words. */
export async function askJob<R extends ListJobRequest>(runner: ListJobRunner, request: R): Promise<ListJobValues[R['kind']]> {
  const r = await runner.run(request);
  if (!r.ok) throw new Error(r.error);
  return r.value as ListJobValues[R['kind']];
}

function overChannel(worker: Worker): ListJobRunner {
  const waiting = new Map<number, (reply: ListJobReply) => void>();
  let nextId = 1;
  let failed: string | undefined;
  worker.onmessage = ({ data }: MessageEvent<{ id: number; reply: ListJobReply }>) => {
    waiting.get(data.id)?.(data.reply);
    waiting.delete(data.id);
  };
  // A script error at load or an uncaught one later (out of memory): whatever was asked is lost.
  worker.onerror = (e) => {
    failed = `the list worker failed (${e.message || 'no reason given'})`;
    for (const done of waiting.values()) done({ ok: false, error: failed });
    waiting.clear();
    worker.terminate();
  };
  return {
    run(request) {
      if (failed) return Promise.resolve({ ok: false, error: failed });
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        worker.postMessage({ id, request });
      });
    },
    end: () => worker.terminate(),
  };
}
