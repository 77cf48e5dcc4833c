/**
 * A decoding thread of the audit (decode-pool.ts): reads an image file, its generation record and its query (the
 * 256x256 reduction on white, fingerprinted as the extension does). Matching stays on the main thread: it is fast,
 * and the matcher is built once.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { readGenRecord } from '../../lib/genmeta/index.js';
import { queryOf } from '../../lib/match/index.js';
import { decodeForHash, imageSizeOf } from '../../node/decode.js';
import type { DecodeReply, DecodeTask } from './decode-pool.js';

// One libvips thread per decoding thread: the pool already puts one thread on each core.
sharp.concurrency(1);

export async function decodeTask({ id, path, hash }: DecodeTask): Promise<DecodeReply> {
  try {
    const bytes = new Uint8Array(await readFile(path));
    const record = await readGenRecord(bytes);
    // The natural size as `check` gives it (core/node.ts): "resized" hints and the rotation framings need it.
    const query = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
    return { id, ok: true, query, ...(record ? { record } : {}), ...(hash ? { hash: createHash('sha256').update(bytes).digest('hex') } : {}) };
  } catch (e) {
    return { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

parentPort?.on('message', (task: DecodeTask) => {
  void decodeTask(task).then((reply) => parentPort!.postMessage(reply));
});
