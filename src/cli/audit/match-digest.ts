/**
 * What the matcher's findings kept in the audit cache depend on: the works (the merged lists' records), the cache
 * format, the tool's version and, in a clone, the matcher's own sources (an edit there must not reuse old findings;
 * the package's code changes only with its version). A different digest: the findings are computed again from the
 * cached query, which is still far cheaper than decoding.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegistryContent } from '../../lib/types.js';
import pkg from '../../../package.json' with { type: 'json' };
import { CACHE_FORMAT } from './fingerprint-cache.js';

async function matcherSources(): Promise<string> {
  if (!import.meta.url.endsWith('.ts')) return '';
  const dir = fileURLToPath(new URL('../../lib/match/', import.meta.url));
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ts')).sort();
  const h = createHash('sha256');
  for (const f of files) h.update(f).update(await readFile(join(dir, f)));
  return h.digest('hex');
}

export async function matchDigest(content: RegistryContent): Promise<string> {
  return createHash('sha256')
    .update(`${CACHE_FORMAT}\u0000${pkg.version}\u0000${await matcherSources()}\u0000`)
    .update(JSON.stringify(content))
    .digest('hex');
}
