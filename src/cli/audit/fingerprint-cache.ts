/**
 * The audit's fingerprint cache: one JSON line per image holding its query, its generation record, the SHA-256 of its
 * bytes and, under the digest of the works they were found against (match-digest.ts), the matcher's findings.
 *
 * Looked up by the file's stamp first (absolute path, size, modification time, inode: no read at all, as the
 * extension keys a fetched image by URL and ETag), then, when the stamp changed, by the hash of its bytes: a fresh
 * checkout (CI) gives every file a new time and inode, and its images are still not decoded again. Each line is
 * appended as its image finishes, so an interrupted audit resumes where it stopped; a cut-off last line is ignored, a
 * later line for the same stamp replaces an earlier one. `compact` drops the audited folder's entries this run did
 * not use, and rewrites the file only when it holds a line no entry needs (dropped, replaced or cut off): a first
 * run's lines are already the file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Found } from '../../core/index.js';
import type { Best, Query } from '../../lib/match/index.js';
import type { GenRecord } from '../../lib/types.js';

/** Bumped when the query's fields, the fingerprinting or the line's fields change: an old file is then ignored, not misread. */
export const CACHE_FORMAT = 6; // 3: the query holds the image's natural size; 4: and the turned hash probes of a flat-corner image; 5: and the fit probes of every image; 6: and the file's SHA-256

export interface CachedScan {
  query: Query;
  record?: GenRecord;
}

export interface CacheEntry extends CachedScan {
  /** SHA-256 of the file's bytes, hex. */
  hash: string;
  /** The matcher's findings and the digest of the works they were found against. */
  found?: { digest: string; matches: Array<[number, Best]> };
}

export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export const stampKey = (s: FileStamp) => `${s.path}\u0000${s.size}\u0000${Math.round(s.mtimeMs)}\u0000${s.ino}`;

interface Line {
  k: string;
  h: string;
  q: Query;
  r?: GenRecord;
  f?: CacheEntry['found'];
}

const lineOf = (k: string, e: CacheEntry) => `${JSON.stringify({ k, h: e.hash, q: e.query, ...(e.record ? { r: e.record } : {}), ...(e.found ? { f: e.found } : {}) })}\n`;

export class FingerprintCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly byHash = new Map<string, CacheEntry>();
  private readonly used = new Set<string>();
  /** Opened at the first write and kept for the next ones: an open per image cost the main thread as much as the matching. */
  private fd: number | undefined;
  /** The file holds a line no entry needs: replaced by a later one, or unreadable (cut off by a kill). */
  private stale = false;
  /** The file ends inside a line (a kill cut it off): the next append starts on a line of its own. */
  private cutOff = false;
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
    c.cutOff = text.length > 0 && !text.endsWith('\n');
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const { k, h, q, r, f } = JSON.parse(line) as Line;
        if (typeof k !== 'string' || typeof h !== 'string' || typeof q?.fingerprint !== 'string') {
          c.stale = true;
          continue;
        }
        const e: CacheEntry = { hash: h, query: q, ...(r ? { record: r } : {}), ...(f && typeof f.digest === 'string' && Array.isArray(f.matches) ? { found: f } : {}) };
        if (c.entries.has(k)) c.stale = true;
        c.entries.set(k, e);
        c.byHash.set(h, e);
      } catch {
        // The line an interrupted run was writing: its image is simply scanned again.
        c.stale = true;
      }
    }
    return c;
  }

  get size(): number {
    return this.entries.size;
  }

  get(stamp: FileStamp): CacheEntry | undefined {
    const key = stampKey(stamp);
    const hit = this.entries.get(key);
    if (hit) this.used.add(key);
    return hit;
  }

  /**
   * An entry of a file with the same bytes (its stamp changed: a new checkout, a copy, a touch), among those the
   * cache held when opened: an entry put in this run is not, so whether a copy is "from the cache" never depends on
   * which of two identical files the audit's decoders happened to finish first.
   */
  byContent(hash: string): CacheEntry | undefined {
    return this.byHash.get(hash);
  }

  /**
   * Appended at once, synchronously: a line is about 2 KB, which the page cache takes in microseconds, where an
   * asynchronous write per image cost the main thread more than the matching. A kill loses at most that line.
   */
  put(stamp: FileStamp, entry: CacheEntry): void {
    const key = stampKey(stamp);
    if (this.entries.has(key)) this.stale = true;
    this.entries.set(key, entry);
    this.used.add(key);
    this.fd ??= openSync(this.file, 'a');
    writeSync(this.fd, (this.cutOff ? '\n' : '') + lineOf(key, entry));
    this.cutOff = false;
  }

  /** Closes the file (an ended or failed audit); a later put opens it again. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** After a finished audit of `folder` (absolute): its moved or changed files' entries go; other folders' stay. */
  async compact(folder: string): Promise<void> {
    this.close();
    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    const keep = [...this.entries.keys()].filter((k) => this.used.has(k) || !k.startsWith(prefix));
    // Each entry's line is in the file once (a first run, or a second over an unchanged folder): no rewrite.
    if (!this.stale && keep.length === this.entries.size) return;
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, keep.map((k) => lineOf(k, this.entries.get(k)!)).join(''));
    await rename(tmp, this.file);
    const kept = new Set(keep);
    for (const k of [...this.entries.keys()]) if (!kept.has(k)) this.entries.delete(k);
    this.stale = false;
  }
}

/** The findings to keep in an entry, and back. */
export const foundToCache = (digest: string, found: Found): NonNullable<CacheEntry['found']> => ({ digest, matches: [...found] });
export const foundFromCache = (entry: CacheEntry, digest: string): Found | undefined => (entry.found?.digest === digest ? new Map(entry.found.matches) : undefined);
