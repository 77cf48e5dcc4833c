/**
 * Registries end to end, in both browsers: a local static server hosts a registry of several publishers; the demo
 * page is flagged through it with no list subscribed, the publisher and its verification shown (both claims when
 * two publishers claim a work); an update adds and revokes works; a tampered edition is refused with the previous
 * one kept; bad input gets a clear message and loses nothing; the registry host is asked only for registry files.
 */
import { expect, it } from 'vitest';
import { generateKeyPair } from '../../src/lib/list/index.js';
import { signRevocation } from '../../src/lib/registry/index.js';
import { openOptions, openPopup, tabIdOf, tabReport, waitForScan, type Session } from '../../scripts/lib/launch.js';
import { buildDemoRegistry, startRegistryServer, syntheticList } from '../../scripts/lib/demo-registry.js';
import { demoWorksList, registriesAction, registriesState, waitForRegistries } from './registry-helpers.js';
import { describeInBrowsers } from './setup.js';

const FILE = /^\/registry\/(manifest\.json|summary\/[0-9a-f]{64}\.bin|shards\/[0-9a-f]{64}\.json|packs\/[0-9a-f]{64}\.json)$/;

/** Which demo works the page's flagged images matched, and by whom. */
async function flaggedBy(s: Session, pageUrl: string): Promise<Array<[string, string]>> {
  const page = await s.browser.newPage();
  await page.goto(pageUrl, { waitUntil: 'domcontentloaded' });
  const tabId = await tabIdOf(s, pageUrl);
  await waitForScan(s, tabId, 6);
  const r = await tabReport(s, tabId);
  await page.close();
  return [...new Set(r.flagged.flatMap((f) => f.matches.map((m) => `${m.workId.split('/').pop()}|${m.creator.name}|${m.source.startsWith('registry:')}`)))]
    .sort()
    .map((x) => x.split('|').slice(0, 2) as [string, string]);
}

describeInBrowsers('registries', (_kind, env) => {
  it('flags a page through a registry, updates it, refuses a tampered edition and bad input, and asks its host for registry files only', async () => {
    const { session, servers } = env();
    const [lin, bo, key] = [await generateKeyPair(), await generateKeyPair(), await generateKeyPair()];
    const extra = async (n: number): Promise<{ source: string; text: string }> => ({ source: `s${n}`, text: await syntheticList(await generateKeyPair(), n, 40) });
    const lists = async (linWorks: string[], boWorks: string[] | null) => [
      { source: 'lin', text: await demoWorksList(lin, 'Lin Yue', linWorks, 'https://creator.example/') },
      ...(boWorks ? [{ source: 'bo', text: await demoWorksList(bo, 'Bo Copier', boWorks) }] : []),
      await extra(1),
      await extra(2),
    ];
    const one = await buildDemoRegistry({ key, lists: await lists(['astronaut'], ['astronaut', 'chelsea']) });
    const reg = await startRegistryServer(one.files);
    const page = `${servers.pageOrigin}/`;
    try {
      const options = await openOptions(session, '#registries', { active: false });
      await waitForRegistries(options);
      // Bad input first: each refused with its reason, nothing added.
      reg.overrides.set('/registry/garbage.json', (res) => void res.writeHead(200).end('<html>not a manifest</html>'));
      reg.overrides.set('/registry/huge.json', (res) => void res.writeHead(200).end(Buffer.alloc(9 * 1024 * 1024, 0x20)));
      expect((await registriesAction(options, { add: `${reg.origin}/registry/garbage.json` })).status).toMatch(/not JSON/);
      expect((await registriesAction(options, { add: `${reg.origin}/registry/huge.json` })).status).toMatch(/larger than the 8 MB limit/);
      expect((await registriesState(options)).items).toEqual([]);

      const added = await registriesAction(options, { add: reg.url });
      expect(added.statusState).toBe('ok');
      expect(added.items).toHaveLength(1);
      const item = added.items[0]!;
      expect(item.edition).toBe('1');
      // Verified first.
      expect(item.publishers[0]).toMatchObject({ name: 'Lin Yue', verified: 'true', on: 'true' });
      expect(item.publishers).toHaveLength(4);

      // No list subscribed, demo list off: flagged through the registry, both claims on the astronaut.
      expect(await flaggedBy(session, page)).toEqual([
        ['astronaut', 'Bo Copier'],
        ['astronaut', 'Lin Yue'],
        ['chelsea', 'Bo Copier'],
      ]);
      const tabPage = await session.browser.newPage();
      await tabPage.goto(page, { waitUntil: 'domcontentloaded' });
      const tabId = await tabIdOf(session, page);
      await waitForScan(session, tabId, 6);
      const popup = await openPopup(session, tabId);
      const popupText = await popup.$eval('body', (b) => b.textContent ?? '');
      expect(popupText).toContain('Lin Yue · verified: creator.example');
      expect(popupText).toContain('Bo Copier · unverified');
      await popup.close();
      await tabPage.close();

      // Edition 2: Lin Yue adds starry-night, Bo Copier revokes its key.
      const revocation = await signRevocation(bo, new Date());
      const two = await buildDemoRegistry({ key, previous: one.manifest, files: reg.files, revocations: [revocation], lists: await lists(['astronaut', 'starry-night'], null) });
      reg.files.set('manifest.json', two.files.get('manifest.json')!);
      const updated = await registriesAction(options, { update: item.id });
      expect(updated.items[0]).toMatchObject({ edition: '2', state: 'ok' });
      expect(await flaggedBy(session, page)).toEqual([
        ['astronaut', 'Lin Yue'],
        ['starry-night', 'Lin Yue'],
      ]);

      // Edition 3 with a modified summary: refused, edition 2 stays in use.
      const three = await buildDemoRegistry({ key, previous: two.manifest, files: new Map(reg.files), lists: await lists(['astronaut', 'starry-night', 'chelsea'], null) });
      const sum = `summary/${three.manifest.layers.at(-1)!.summary}.bin`;
      for (const [p, f] of three.files) if (!reg.files.has(p) || p === 'manifest.json') reg.files.set(p, f);
      const bad = new Uint8Array(three.files.get(sum)!);
      bad[bad.length - 1]! ^= 1;
      reg.files.set(sum, bad);
      const refused = await registriesAction(options, { update: item.id });
      expect(refused.items[0]).toMatchObject({ edition: '2', state: 'error' });
      expect(refused.items[0]!.text).toMatch(/does not match its content hash/);
      expect(await flaggedBy(session, page)).toEqual([
        ['astronaut', 'Lin Yue'],
        ['starry-night', 'Lin Yue'],
      ]);
      await options.close();
      // What the registry host saw: its own files, never a page or image address.
      expect(reg.requests.filter((p) => !/garbage|huge/.test(p)).every((p) => FILE.test(p))).toBe(true);
      expect(reg.requests.some((p) => p.startsWith('/registry/shards/'))).toBe(true);
    } finally {
      await reg.close();
    }
  });
});
