/** The builder's spill store on disk: one temp file per run, removed when the build ends (lib/registry/key-entries.ts). */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpillStore } from '../lib/registry/index.js';

export async function withTempSpill<T>(use: (spill: SpillStore) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'license-lens-registry-'));
  const file = (run: number) => join(dir, `run-${run}.bin`);
  try {
    return await use({
      append: (run, bytes) => appendFile(file(run), bytes),
      read: async (run) => readFile(file(run)).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? new Uint8Array(0) : Promise.reject(e))),
      drop: (run) => rm(file(run), { force: true }),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
