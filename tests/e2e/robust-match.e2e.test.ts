import { expect, it } from 'vitest';
import { enableDemo, tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { describeInBrowsers } from './setup.js';

describeInBrowsers('altered copies', (_kind, env) => {
  it('flags a mirrored and a cropped copy of demo works with what changed, and not an unrelated photo', async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const page = await session.browser.newPage();
    await page.goto(`${servers.pageOrigin}/robust.html`);
    const tabId = await tabIdOf(session, `${servers.pageOrigin}/robust.html`);
    const report = await waitForScan(session, tabId, 3);
    const byFile = Object.fromEntries(report.flagged.map((r) => [r.url.split('/').pop(), r.matches[0]]));
    expect(Object.keys(byFile).sort()).toEqual(['astronaut-mirrored.jpg', 'chelsea-cropped.jpg']);
    expect(byFile['astronaut-mirrored.jpg']).toMatchObject({ workId: 'demo/astronaut', reason: 'fingerprint' });
    expect(byFile['astronaut-mirrored.jpg']!.change).toContain('mirrored');
    expect(byFile['chelsea-cropped.jpg']).toMatchObject({ workId: 'demo/chelsea', reason: 'fingerprint' });
    expect(byFile['chelsea-cropped.jpg']!.change).toContain('cropped');
    await page.close();
  });
});
