/** Where benchmarks and tests find ../shared, and what they do when it is absent (skip here, fail in CI). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED_DIR = fileURLToPath(new URL('../../shared/', import.meta.url));
export const sharedAvailable = existsSync(`${SHARED_DIR}corpus/MANIFEST.tsv`);

/** Call at the top of a benchmark: exits 0 with a message when ../shared is absent, 1 in CI. */
export function requireShared(what: string): void {
  if (sharedAvailable) return;
  const msg = `${what}: ../shared/corpus is absent (it exists only in the project's workplace)`;
  if (process.env.CI === 'true') {
    console.error(`${msg}; failing because CI=true`);
    process.exit(1);
  }
  console.log(`${msg}; skipped`);
  process.exit(0);
}
