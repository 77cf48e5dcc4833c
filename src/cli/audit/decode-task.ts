/**
 * One image of a folder audit read and fingerprinted: its bytes, generation record and query (the 256x256
 * reduction on white, fingerprinted as the extension does). Run by each decoding thread (decode-worker.ts) and by
 * the main thread itself (decode-pool.ts). Matching is not done here: the matcher is built once, on the main thread.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { readGenRecord } from '../../lib/genmeta/index.js';
import { queryOf, type Query } from '../../lib/match/index.js';
import type { GenRecord } from '../../lib/types.js';
import { decodeForHash, imageSizeOf } from '../../node/decode.js';

export interface DecodeTask {
  id: number;
  path: string;
  /** Also return the SHA-256 of the file's bytes (the cache's content key; the query holds it either way). */
  hash?: boolean;
}

export type DecodeReply = { id: number; ok: true; query: Query; record?: GenRecord; hash?: string } | { id: number; ok: false; error: string };

/**
 * Images each decoder (the main thread, each worker thread) decodes at once: while its JavaScript fingerprints one
 * image, libvips decodes the next on libuv's pool, so both cores stay busy.
 */
export const DECODING = 2;

// One libvips thread per decoding thread (libvips' setting is the process's): the pool puts one thread on each core.
sharp.concurrency(1);

export async function decodeTask({ id, path, hash }: DecodeTask): Promise<DecodeReply> {
  try {
    // Synchronously, as the single-threaded loop reads: an asynchronous read is four trips through libuv's thread
    // pool (open, stat, read, close), which the process's threads share with sharp's decodes and wait behind.
    const bytes = new Uint8Array(readFileSync(path));
    const record = await readGenRecord(bytes);
    // The natural size as `check` gives it (core/node.ts): "resized" hints and the rotation framings need it.
    const query = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
    // The file's hash, in the query as the extension's (a registered file's own bytes) and the cache's content key.
    query.sha256 = createHash('sha256').update(bytes).digest('hex');
    return { id, ok: true, query, ...(record ? { record } : {}), ...(hash ? { hash: query.sha256 } : {}) };
  } catch (e) {
    return { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
