import { expect, it } from 'vitest';
import { enableDemo, openPopup, tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { describeInBrowsers } from './setup.js';

describeInBrowsers('generation records', (_kind, env) => {
  it('flags an image whose only link to a registered model is the Model hash in its PNG parameters', async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const page = await session.browser.newPage();
    await page.goto(`${servers.pageOrigin}/genmeta.html`);
    const tabId = await tabIdOf(session, `${servers.pageOrigin}/genmeta.html`);
    const report = await waitForScan(session, tabId, 2);
    expect(report.checked).toBe(2);
    expect(report.flagged.map((r) => r.url.split('/').pop())).toEqual(['generated-muse.png']);
    const img = report.flagged[0]!;
    expect(img.matches).toHaveLength(1); // no fingerprint match: the record is the only link
    expect(img.matches[0]).toMatchObject({
      reason: 'generation-record',
      workId: expect.stringMatching(/^record:.*portrait-muse$/),
      verdict: 'unlicensed',
      model: { name: 'Portrait Muse', version: 'v2' },
      creator: { name: 'Lin Yue (demo creator)' },
    });
    expect(img.record).toMatchObject({ tool: 'AUTOMATIC1111 v1.10.1', model: { name: 'museFinetune_e12', hash: '4a3f9c0d1e' }, found: ['png:parameters'] });
    expect(img.record?.prompt).toContain('一只在樱花树下打盹的橘猫');

    const popup = await openPopup(session, tabId);
    const text = await popup.$eval('li.match', (li) => li.closest('.model-group')!.textContent ?? '');
    expect(text).toContain('identified by generation record');
    expect(text).toContain('Portrait Muse v2');
    expect(await popup.$eval('li.match [data-field="model"]', (el) => el.textContent)).toBe('museFinetune_e12 · hash 4a3f9c0d1e');
    expect(await popup.$eval('li.match [data-field="tool"]', (el) => el.textContent)).toBe('AUTOMATIC1111 v1.10.1');
    // The prompt is there, collapsed.
    expect(await popup.$eval('li.match details.ll-record-prompt', (el) => (el as HTMLDetailsElement).open)).toBe(false);
    expect(await popup.$eval('li.match [data-field="prompt"]', (el) => el.textContent)).toContain('水彩画风格');
    await popup.close();
    await page.close();
  });
});
