/**
 * Chrome's offscreen document scans in a pool of dedicated workers (src/offscreen/pool.ts) and on its own thread
 * only when the pool is down. Proven on the test-hooks build, which counts where each request ran and can switch
 * the pool off: every image goes to the pool, and the document's own thread gives identical results (the same
 * decoder in the same process: the same fingerprint bit for bit, the same verdicts, refusals and thumbnails), over
 * the demo images, the bad files and, where ../shared exists, a dozen corpus works. Firefox has no offscreen
 * document: its check is offscreen.e2e.test.ts.
 */
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { enableDemo, type Session } from '../../scripts/lib/launch.js';
import { SHARED_DIR, sharedAvailable } from '../../bench/shared.js';
import { scanBatch } from './lib/scan-batch.js';
import { describeInBrowsers } from './setup.js';

const FILES = ['/images/astronaut.jpg', '/images/astronaut-mirrored.jpg', '/images/chelsea.jpg', '/images/chelsea-cropped.jpg', '/images/coffee.jpg', '/images/generated-muse.png', '/rotated/chelsea.jpg'];
const BAD = ['/bad/missing.jpg', '/bad/not-an-image.png', '/bad/truncated.jpg', '/bad/bomb.png'];
const CORPUS = sharedAvailable ? readdirSync(`${SHARED_DIR}corpus/works`).filter((f) => f.endsWith('.jpg')).sort().slice(0, 12).map((f) => `/corpus/works/${f}`) : [];

interface Ran {
  pool: number;
  document: number;
  size: number;
}

/** The offscreen document's test hook (src/offscreen/main.ts): where requests ran, and the pool switch. */
async function docHook(s: Session, pool?: boolean): Promise<Ran> {
  const target = await s.browser.waitForTarget((t) => t.url().startsWith('chrome-extension://') && t.url().includes('/offscreen/'), { timeout: 10_000 });
  const cdp = await target.createCDPSession();
  try {
    const set = pool === undefined ? '' : `h.setPool(${pool});`;
    const r = await cdp.send('Runtime.evaluate', { expression: `(h => { ${set} return { ...h.ran, size: h.size() }; })(globalThis.licenseLensPool)`, returnByValue: true });
    return r.result.value as Ran;
  } finally {
    await cdp.detach();
  }
}


describeInBrowsers(
  'offscreen scanning workers',
  (_kind, env) => {
    const all = [...FILES, ...BAD, ...CORPUS];
    const urls = (tag: string) => all.map((p) => `${env().servers.imageOrigin}${p}?pool=${tag}`);

    it('scans in the worker pool, with the same results as on the document thread', async () => {
      const { session, servers } = env();
      await enableDemo(session);
      // The first batch opens the document; its counts are read after.
      const pooled = await scanBatch(session, `${servers.pageOrigin}/pool-a`, urls('on'));
      const after = await docHook(session);
      expect(after.size).toBeGreaterThanOrEqual(1);
      // Every scan (and the thumbnails of matched images) ran in a worker, none on the document's thread.
      expect(after.document).toBe(0);
      expect(after.pool).toBeGreaterThanOrEqual(all.length);

      await docHook(session, false);
      const inline = await scanBatch(session, `${servers.pageOrigin}/pool-b`, urls('off'));
      const off = await docHook(session, true);
      expect(off.pool).toBe(after.pool);
      expect(off.document).toBeGreaterThanOrEqual(all.length);

      let matched = 0;
      for (const p of all) {
        const a = pooled.get(p)!;
        const b = inline.get(p)!;
        expect(a.status, p).toBe(b.status);
        expect(a.fingerprint, p).toBe(b.fingerprint);
        expect(a.reason, p).toBe(b.reason);
        expect(a.matches.map((m) => m.workId).sort(), p).toEqual(b.matches.map((m) => m.workId).sort());
        if (a.status === 'matched') {
          matched++;
          expect(a.thumb, p).toMatch(/^data:image\/jpeg;base64,/);
        }
      }
      expect(matched).toBeGreaterThan(0);
      expect(pooled.get('/images/chelsea.jpg')!.status).toBe('matched');
    }, 120_000);
  },
  { build: 'test-hooks', browsers: ['chrome'] },
);
