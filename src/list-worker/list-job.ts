/**
 * One list operation's heavy work (lib/protocol/list-job.ts), wherever it runs: in the list worker (worker.ts) in
 * both browsers, or on the caller's own thread where no worker can be started (Node tests, a browser refusing the
 * worker). A checked list is kept here between `fetch`/`check` and `store`: only its head goes back.
 */
import { fetchList, listToRegistrySliced, verifyList, type LicenseList } from '../lib/list/index.js';
import type { ListChecked, ListJobReply, ListJobRequest, ListJobValue } from '../lib/protocol/index.js';
import type { RegistryDB } from '../storage/db.js';
import { loadMatcher } from '../storage/matcher-store.js';
import { addSourceInChunks, removeSourceInChunks, replaceSource } from '../storage/registry.js';

/**
 * Test builds: a list with this id holds the job's thread for TEST_STALL_MS in one step, as JSON.parse of a huge
 * list does, so the e2e test (list-responsive) can show the background answering meanwhile without 19 MiB lists.
 */
export const TEST_STALL_ID = 'license-lens-test-stall';
export const TEST_STALL_MS = 8_000;

function stall(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // one long task, on purpose
  }
}

export class ListJob {
  private text: string | undefined;
  private list: LicenseList | undefined;

  constructor(private readonly db: () => Promise<RegistryDB>) {}

  /** Runs one request; a failure comes back as `{ok: false, error}`, in words. */
  async run(request: ListJobRequest): Promise<ListJobReply> {
    try {
      return { ok: true, value: await this.step(request) };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  private async step(r: ListJobRequest): Promise<ListJobValue> {
    switch (r.kind) {
      case 'fetch': {
        const got = await fetchList(r.url, r.validators);
        if (got.status === 'not-modified') return got;
        this.text = got.text;
        return { status: 'ok', etag: got.etag, lastModified: got.lastModified };
      }
      case 'check': {
        const text = r.text ?? this.text;
        this.text = undefined;
        if (text === undefined) throw new Error('no list text to check');
        return this.check(text);
      }
      case 'store': {
        if (!this.list) throw new Error('no checked list to store');
        const content = await listToRegistrySliced(this.list, r.source);
        this.list = undefined;
        const db = await this.db();
        // An update in one transaction, so it lands whole or not at all; a new list in bounded ones (registry.ts).
        await (r.replace ? replaceSource(db, r.source, content) : addSourceInChunks(db, r.source, content));
        return null;
      }
      case 'remove':
        await removeSourceInChunks(await this.db(), r.source);
        return null;
      case 'index':
        // Rebuilt from the works and stored when missing (the background dropped it after the write).
        await loadMatcher(await this.db());
        return null;
      default:
        throw new Error(`unknown list job ${String((r satisfies never as { kind?: unknown }).kind)}`);
    }
  }

  private async check(text: string): Promise<ListChecked> {
    if (__LL_TEST_HOOKS__ && text.includes(TEST_STALL_ID)) stall(TEST_STALL_MS);
    const r = await verifyList(text);
    if (!r.ok) throw new Error(r.error);
    this.list = r.list;
    const { works, ...head } = r.list;
    return { head: { ...head, workCount: works.length }, keyFingerprint: r.keyFingerprint };
  }
}
