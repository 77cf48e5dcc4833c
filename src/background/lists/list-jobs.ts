/**
 * Where the background runs a list operation's job (lib/protocol/list-job.ts), one per operation: Firefox's event
 * page starts the list worker itself; Chrome's service worker cannot start a worker and asks the offscreen
 * document, which starts it (scan/offscreen.ts keeps the document open until the job ends). Where neither works,
 * the job runs on the background's own thread, as before: slower to answer meanwhile, but it completes.
 */
import browser from '../../browser.js';
import { LIST_JOB_TARGET, readListJobReply, type ListJobEnvelope, type ListJobRequest } from '../../lib/protocol/index.js';
import { startListJobRunner, type ListJobRunner } from '../../list-worker/runner.js';
import { closeOffscreen, holdOffscreen } from '../scan/offscreen.js';

export async function startListJob(): Promise<ListJobRunner> {
  if (typeof Worker === 'function') return startListJobRunner();
  const release = await holdOffscreen();
  if (!release) return startListJobRunner(); // no Worker here either: it runs on this thread
  const job = crypto.randomUUID();
  const send = (m: { request: ListJobRequest } | { end: true }) =>
    browser.runtime.sendMessage({ target: LIST_JOB_TARGET, job, ...m } as ListJobEnvelope);
  return {
    async run(request) {
      try {
        return readListJobReply(await send({ request }));
      } catch (e) {
        return { ok: false, error: `the offscreen document did not answer (${e instanceof Error ? e.message : String(e)})` };
      }
    },
    end() {
      void send({ end: true }).catch(() => undefined);
      release();
    },
  };
}

/**
 * Stops a list job a stopped background left running (Chrome: its worker lives on in the offscreen document, and
 * could still be writing while the next background repairs the operation). Firefox's worker went with its page.
 */
export async function stopStrayListJobs(): Promise<void> {
  if (typeof Worker === 'function') return;
  await closeOffscreen().catch((e: unknown) => console.warn('[License Lens] could not close the offscreen document:', e));
}
