/**
 * Chrome's offscreen scanning document, created on demand by background/scan/offscreen.ts: it answers the worker's
 * 'scan' and 'thumb' requests (lib/protocol/offscreen-protocol.ts) and runs its list jobs in list workers
 * (lib/protocol/list-job.ts: a service worker cannot start a worker), and ignores every other runtime message (content
 * scripts' and pages' messages to the background reach every extension document, this one included). The work
 * runs in a pool of dedicated workers (pool.ts), or on this thread when they are unavailable.
 */
import browser, { type Runtime } from '../browser.js';
import { fromOwnExtension, isListJobEnvelope, isOffscreenRequest, type ListJobEnvelope, type ListJobReply, type OffscreenReply, type OffscreenRequest } from '../lib/protocol/index.js';
import { startListJobRunner, type ListJobRunner } from '../list-worker/runner.js';
import { ScanPool } from './pool.js';
import { failure, scanUrl, thumbUrl } from './scan-image.js';

const ownBase = browser.runtime.getURL('');
const pool = new ScanPool(() => new Worker(new URL('./scan-worker.ts', import.meta.url), { type: 'module', name: 'License Lens scanner' }));
let usePool = true;

/** Test builds count where each request ran and can switch the pool off, to compare both paths (offscreen e2e). */
const ran = { pool: 0, document: 0 };
if (__LL_TEST_HOOKS__) {
  (globalThis as { licenseLensPool?: unknown }).licenseLensPool = { ran, size: () => pool.size, setPool: (on: boolean) => (usePool = on) };
}

async function answer(op: OffscreenRequest['op'], url: string): Promise<OffscreenReply> {
  const there = usePool ? await pool.run(op, url) : undefined;
  if (there) {
    ran.pool++;
    return there;
  }
  ran.document++;
  return (op === 'scan' ? scanUrl(url) : thumbUrl(url)).catch(failure);
}

/** The service worker's list jobs (background/lists/list-jobs.ts), each in its own list worker until it ends. */
const listJobs = new Map<string, ListJobRunner>();

function listJob(m: ListJobEnvelope): Promise<ListJobReply | null> {
  if ('end' in m) {
    listJobs.get(m.job)?.end();
    listJobs.delete(m.job);
    return Promise.resolve(null);
  }
  let runner = listJobs.get(m.job);
  if (!runner) listJobs.set(m.job, (runner = startListJobRunner()));
  return runner.run(m.request);
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (!fromOwnExtension(sender, browser.runtime.id, ownBase)) return undefined;
  if (isListJobEnvelope(message)) return listJob(message);
  if (!isOffscreenRequest(message)) return undefined;
  return answer(message.op, message.url);
});
