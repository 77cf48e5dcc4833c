/**
 * SHA-256 and AutoV2 of a model file, which is often 2 to 7 GB. WebCrypto's digest() only takes the whole buffer,
 * so the file is read in chunks and fed to an incremental SHA-256 (@noble/hashes): memory stays at one chunk.
 * AutoV2, the "Model hash" that AUTOMATIC1111 and Civitai show, is the first 10 hex digits of that SHA-256.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ModelHashes } from '../types.js';

// 2 MB: each update blocks the page for tens of milliseconds at most, so the progress bar and Cancel stay responsive.
export const HASH_CHUNK = 2 * 1024 * 1024;

/** Something with a size that gives up byte ranges: a browser File/Blob, or a Node file handle wrapped the same way. */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function blobSource(blob: Blob): ByteSource {
  return { size: blob.size, read: async (o, n) => new Uint8Array(await blob.slice(o, o + n).arrayBuffer()) };
}

export function autoV2(sha256Hex: string): string {
  return sha256Hex.slice(0, 10).toLowerCase();
}

export async function hashModel(
  src: ByteSource,
  opts: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal; chunk?: number } = {},
): Promise<Required<ModelHashes>> {
  const h = sha256.create();
  const chunk = opts.chunk ?? HASH_CHUNK;
  for (let o = 0; o < src.size; o += chunk) {
    opts.signal?.throwIfAborted();
    const bytes = await src.read(o, Math.min(chunk, src.size - o));
    h.update(bytes);
    opts.onProgress?.(o + bytes.byteLength, src.size);
  }
  const hex = bytesToHex(h.digest());
  return { sha256: hex, autov2: autoV2(hex) };
}
