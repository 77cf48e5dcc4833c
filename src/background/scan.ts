/** One batch of page images: skip what this page already had checked, fingerprint the rest, match, store, badge. */
import type { ImageResult } from '../lib/messages.js';
import { showCount } from './badge.js';
import { decodeAndFingerprint, fetchBytes, SkipError, thumbnail } from './pixels.js';
import { readRecord } from './record.js';
import { matcher } from './state.js';
import { addResults, knownUrls, report, resetTab } from './tab-results.js';

/** Images fetched and decoded at once, per background: enough to hide latency, few enough to bound memory. */
const CONCURRENCY = 4;

export async function scanBatch(tabId: number, frameId: number, pageUrl: string, fresh: boolean, urls: string[]): Promise<ImageResult[]> {
  // A new document in the top frame starts a new page; frames add to the page their top frame is showing.
  if (fresh && frameId === 0) await resetTab(tabId, pageUrl);
  const topUrl = frameId === 0 ? pageUrl : (await report(tabId)).pageUrl || pageUrl;
  const known = await knownUrls(tabId, topUrl);
  const todo = [...new Set(urls)].filter((u) => !known.has(u));
  const results = await mapLimited(todo, CONCURRENCY, (url) => checkImage(url, topUrl));
  await addResults(tabId, topUrl, results);
  const r = await report(tabId);
  await showCount(tabId, r.flagged);
  return results;
}

export async function checkImage(url: string, pageUrl: string): Promise<ImageResult> {
  const base = { url, matches: [], checkedAt: Date.now() };
  try {
    const bytes = await fetchBytes(url);
    const { record, matches: byRecord } = await readRecord(bytes, pageUrl); // generation record: see record.ts
    const decoded = await decodeAndFingerprint(bytes);
    const matches = [...(await matcher()).match(decoded.query, pageUrl), ...byRecord];
    if (!matches.length) return { ...base, record, status: 'clear', fingerprint: decoded.fingerprint };
    return { ...base, record, status: 'matched', fingerprint: decoded.fingerprint, matches, thumb: await thumbnail(decoded) };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    console.info(`[License Lens] ${e instanceof SkipError ? 'skipped' : 'failed'} ${url.slice(0, 200)}: ${reason}`);
    return { ...base, status: e instanceof SkipError ? 'skipped' : 'error', reason };
  }
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
