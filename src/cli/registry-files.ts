/**
 * The registry builder's file writes, synchronous: a build writes hundreds of thousands of small content-addressed
 * files, where a promise, a thread-pool hop and a mkdir per file cost more than the write (docs/registry.md,
 * "Streaming the build"). Used by the main thread and by each shard thread (registry-worker.ts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Writes `path` under `out`. A content-addressed file already there is this file and is left alone; the manifest is replaced whole (written beside, then renamed), so a failed build never leaves a half-written one. */
export function fileWriter(out: string): (path: string, bytes: Uint8Array) => void {
  const made = new Set<string>();
  return (path, bytes) => {
    const full = join(out, path);
    const dir = dirname(full);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    if (path === 'manifest.json') {
      writeFileSync(`${full}.${process.pid}.tmp`, bytes);
      return renameSync(`${full}.${process.pid}.tmp`, full);
    }
    try {
      writeFileSync(full, bytes, { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  };
}
