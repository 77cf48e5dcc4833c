/**
 * The audit's fingerprint cache: one JSON line per image, keyed by its absolute path, size and modification time
 * (the file's validators, as the extension keys a fetched image by URL and ETag), holding the query and the
 * generation record. Each line is appended as its image finishes, so an interrupted audit resumes where it stopped;
 * a cut-off last line is ignored. `compact` drops the audited folder's entries this run did not use.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Query } from '../../lib/match/index.js';
import type { GenRecord } from '../../lib/types.js';

/** Bumped when the query's fields or the fingerprinting change: an old file is then ignored, not misread. */
export const CACHE_FORMAT = 1;

export interface CachedScan {
  query: Query;
  record?: GenRecord;
}

export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

export const stampKey = (s: FileStamp) => `${s.path}\u0000${s.size}\u0000${Math.round(s.mtimeMs)}`;

export class FingerprintCache {
  private readonly entries = new Map<string, CachedScan>();
  private readonly used = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  readonly file: string;

  private constructor(readonly dir: string) {
    this.file = join(dir, `fingerprints-v${CACHE_FORMAT}.jsonl`);
  }

  static async open(dir: string): Promise<FingerprintCache> {
    const c = new FingerprintCache(dir);
    await mkdir(dir, { recursive: true });
    let text = '';
    try {
      text = await readFile(c.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const { k, q, r } = JSON.parse(line) as { k: string; q: Query; r?: GenRecord };
        if (typeof k === 'string' && typeof q?.fingerprint === 'string') c.entries.set(k, r ? { query: q, record: r } : { query: q });
      } catch {
        // The line an interrupted run was writing: its image is simply scanned again.
      }
    }
    return c;
  }

  get size(): number {
    return this.entries.size;
  }

  get(stamp: FileStamp): CachedScan | undefined {
    const key = stampKey(stamp);
    const hit = this.entries.get(key);
    if (hit) this.used.add(key);
    return hit;
  }

  /** Appended at once (in order, one write at a time), so a kill loses at most the line being written. */
  put(stamp: FileStamp, scan: CachedScan): Promise<void> {
    const key = stampKey(stamp);
    this.entries.set(key, scan);
    this.used.add(key);
    const line = `${JSON.stringify({ k: key, q: scan.query, ...(scan.record ? { r: scan.record } : {}) })}\n`;
    this.queue = this.queue.then(() => appendFile(this.file, line));
    return this.queue;
  }

  /** After a finished audit of `folder` (absolute): its moved or changed files' entries go; other folders' stay. */
  async compact(folder: string): Promise<void> {
    await this.queue;
    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    const keep = [...this.entries.keys()].filter((k) => this.used.has(k) || !k.startsWith(prefix));
    const lines = keep.map((k) => {
      const s = this.entries.get(k)!;
      return `${JSON.stringify({ k, q: s.query, ...(s.record ? { r: s.record } : {}) })}\n`;
    });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, lines.join(''));
    await rename(tmp, this.file);
  }
}
