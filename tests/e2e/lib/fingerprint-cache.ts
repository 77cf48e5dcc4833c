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
