import { expect, it } from 'vitest';
import { enableDemo, tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { describeInBrowsers } from './setup.js';
import type { Change } from '../../src/lib/types.js';

describeInBrowsers('altered copies', (_kind, env) => {
  it('flags an untouched work as the same image, a mirrored, a cropped, a partly redrawn, an outpainted, a rotated and a recoloured copy with what changed, and not an unrelated photo', async () => {
    const { session, servers } = env();
    await enableDemo(session);
    const page = await session.browser.newPage();
    await page.goto(`${servers.pageOrigin}/robust.html`);
    const tabId = await tabIdOf(session, `${servers.pageOrigin}/robust.html`);
    const report = await waitForScan(session, tabId, 8);
    const byFile = Object.fromEntries(report.flagged.map((r) => [r.url.split('/').pop(), r.matches[0]]));
    const kinds = (f: string) => byFile[f]!.hints?.changes.map((c: { kind: string }) => c.kind);
    expect(Object.keys(byFile).sort()).toEqual([
      'astronaut-mirrored.jpg',
      'astronaut-redrawn.jpg',
      'astronaut-rotated.jpg',
      'chelsea-cropped.jpg',
      'chelsea-extended.jpg',
      'chelsea-recoloured.jpg',
      'starry-night.jpg',
    ]);
    // The same bytes give the same figure in both browsers (Chromium's reduced JPEG decode moved the hash by a few bits).
    expect(byFile['starry-night.jpg']).toMatchObject({ workId: 'demo/starry-night', hints: { changes: [{ kind: 'same' }], similarity: 100, decidedBy: 'detail', identical: true } });
    expect(byFile['astronaut-mirrored.jpg']).toMatchObject({ workId: 'demo/astronaut', reason: 'fingerprint' });
    expect(kinds('astronaut-mirrored.jpg')).toContain('mirrored');
    expect(byFile['chelsea-cropped.jpg']).toMatchObject({ workId: 'demo/chelsea', reason: 'fingerprint' });
    expect(kinds('chelsea-cropped.jpg')).toContain('cropped');
    expect(byFile['astronaut-redrawn.jpg']).toMatchObject({ workId: 'demo/astronaut', reason: 'fingerprint' });
    expect(kinds('astronaut-redrawn.jpg')).toEqual(['redrawn']);
    // The region is in the page image's pixels: the bottom-right quarter it was drawn in.
    const { size, changes } = byFile['astronaut-redrawn.jpg']!.hints!;
    const region = (changes[0] as { regions: Array<{ x: number; y: number; width: number; height: number }> }).regions[0]!;
    expect(region.x + region.width / 2).toBeGreaterThan(size.width / 2);
    expect(region.y + region.height / 2).toBeGreaterThan(size.height / 2);
    // Outpainted (issue 22 item 4): the cat fills 60% of a wider and taller canvas, at its right edge, vertically centred
    // (scripts/make-demo.ts); the placement is in the page image's pixels.
    expect(byFile['chelsea-extended.jpg']).toMatchObject({ workId: 'demo/chelsea', reason: 'fingerprint' });
    const ext = byFile['chelsea-extended.jpg']!.hints!;
    const extended = (ext.changes as Change[]).find((c) => c.kind === 'extended');
    if (extended?.kind !== 'extended') throw new Error(`not said to be extended: ${JSON.stringify(ext.changes)}`);
    const p = extended.placement;
    expect((p.x + p.width) / ext.size.width).toBeGreaterThan(0.9);
    expect(p.x / ext.size.width).toBeGreaterThan(0.1);
    expect((p.width * p.height) / (ext.size.width * ext.size.height)).toBeGreaterThan(0.45);
    expect((p.width * p.height) / (ext.size.width * ext.size.height)).toBeLessThan(0.75);
    // Rotated 2 degrees clockwise with white corners, rescaled to the original size.
    expect(byFile['astronaut-rotated.jpg']).toMatchObject({ workId: 'demo/astronaut', reason: 'fingerprint' });
    expect(byFile['astronaut-rotated.jpg']!.hints!.changes).toContainEqual({ kind: 'rotated', degrees: 2 });
    // Saturation halved (scripts/lib/test-images.ts): the list's chroma grid names it, and nothing else.
    expect(byFile['chelsea-recoloured.jpg']).toMatchObject({ workId: 'demo/chelsea' });
    expect(kinds('chelsea-recoloured.jpg')).toEqual(['colours']);
    await page.close();
  });
});
