/** What the background stored, read from the extension's own page: fingerprint-cache keys and a tab's results. */
import type { Session } from '../../../scripts/lib/launch.js';

/** Keys of the fingerprint cache, read from the extension's own page (IndexedDB is per extension). */
export function cacheKeys(session: Session): Promise<string[]> {
  return session.ext.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('license-lens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('fingerprintCache').objectStore('fingerprintCache').getAllKeys();
          req.onsuccess = () => {
            resolve(req.result.map(String));
            open.result.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

/** Every result the background stored for a tab (the popup's source), by image URL. */
export async function storedResults(session: Session, tabId: number): Promise<Record<string, { status: string; reason?: string }>> {
  return session.ext.evaluate(async (id: number) => {
    // One meta key per tab and one key per stored batch (src/lib/tab-store.ts); later batches win. A batch is
    // packed (src/lib/tab-batch.ts): `r` maps each URL to its result, or to its check time when it is clear.
    const meta = (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] as { page: string; batches: number } | undefined;
    if (!meta) return {};
    const keys = Array.from({ length: meta.batches }, (_, n) => `tab:${id}:${meta.page}:${n}`);
    const batches = await chrome.storage.session.get(keys);
    const out: Record<string, { status: string; reason?: string }> = {};
    for (const k of keys) {
      const packed = (batches[k] as { r?: Record<string, number | { status: string; reason?: string }> } | undefined)?.r ?? {};
      for (const [url, r] of Object.entries(packed)) out[url] = typeof r === 'number' ? { status: 'clear' } : r;
    }
    return out;
  }, tabId);
}
