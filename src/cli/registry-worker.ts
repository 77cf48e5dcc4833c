/** A shard thread of `license-lens registry build` (registry-threads.ts): each message one summary range, each reply its result or its error. */
import { parentPort, workerData } from 'node:worker_threads';
import { shardRange, type RangeJob, type RangeResult } from '../lib/registry/index.js';
import { fileWriter, sha256Hex } from './registry-files.js';

export interface RangeTask {
  id: number;
  job: RangeJob;
  /** Sent with a thread's first task (the same for every range of a layer). */
  packHashes?: readonly string[];
}
export type RangeReply = { id: number; ok: true; value: RangeResult } | { id: number; ok: false; error: string };

const write = fileWriter((workerData as { out: string }).out);
let packHashes: readonly string[] = [];

parentPort?.on('message', (task: RangeTask) => {
  if (task.packHashes) packHashes = task.packHashes;
  shardRange(task.job, { packHashes, write, sha256: sha256Hex }).then(
    (value) => parentPort!.postMessage({ id: task.id, ok: true, value } satisfies RangeReply, [value.slots.buffer, value.buckets.buffer, value.digests.buffer] as ArrayBuffer[]),
    (e: unknown) => parentPort!.postMessage({ id: task.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies RangeReply),
  );
});
