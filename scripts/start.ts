/**
 * `npm start`: build, serve the demo page (images from a second origin), and open a real browser with License Lens
 * installed and the demo list on; also a demo registry (the demo works and 20 synthetic publishers of 500 works) at
 * http://127.0.0.1:8702/registry/manifest.json, which the welcome page offers to add. Flags: --firefox (default Chromium), --headless (print what was flagged, save
 * screenshots of the popup and of the right-click card, exit 0), --no-build, --locale=zh-CN.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { startDemoServers } from './demo-server.js';
import { clickMenu, MENU_CHECK, rightClick, waitForCard } from './lib/check-card.js';
import { buildDemoRegistry, startRegistryServer } from './lib/demo-registry.js';
import { enableDemo, launch, openPopup, tabIdOf, waitForScan, type BrowserKind } from './lib/launch.js';

const args = new Set(process.argv.slice(2));
const kind: BrowserKind = args.has('--firefox') ? 'firefox' : 'chrome';
const headless = args.has('--headless');
const locale = [...args].find((a) => a.startsWith('--locale='))?.slice('--locale='.length);

if (!args.has('--no-build')) execFileSync('npm', ['run', '--silent', `build:${kind}`], { stdio: 'inherit' });

const servers = await startDemoServers(headless ? {} : { pagePort: 8700, imagePort: 8701 });
console.log(`demo page: ${servers.pageOrigin}/  (images from ${servers.imageOrigin})`);
const demoRegistry = await buildDemoRegistry({ publishers: 20, worksEach: 500 });
const registry = await startRegistryServer(demoRegistry.files, headless ? {} : { port: 8702 });
console.log(`demo registry: ${registry.url}  (${demoRegistry.manifest.counts.publishers} publishers, ${demoRegistry.manifest.counts.works} works)`);
const session = await launch(kind, { headless, locale });
await enableDemo(session);
const page = await session.browser.newPage();
await page.goto(`${servers.pageOrigin}/`);
await page.bringToFront();
const tabId = await tabIdOf(session, servers.pageOrigin);
// 6 images on the demo page load; the 404 never does and is not reported.
const report = await waitForScan(session, tabId, 6);

console.log(`\n${kind}: ${report.checked} images checked, ${report.flagged.length} flagged`);
for (const img of report.flagged) {
  const m = img.matches[0]!;
  console.log(`  ${img.url}\n    model: ${m.model.name} ${m.model.version ?? ''} by ${m.creator.name}; verdict: ${m.verdict}; distance ${m.distance}/256`);
}

if (headless) {
  const popup = await openPopup(session, tabId);
  await popup.setViewport({ width: 420, height: 640 });
  mkdirSync('demo-output', { recursive: true });
  const suffix = locale && !locale.startsWith('en') ? `-${locale}` : '';
  const file = `demo-output/popup-${kind}${suffix}.png`;
  await popup.screenshot({ path: file, fullPage: true });
  console.log(`\npopup screenshot: ${file}`);
  await popup.close();

  // The right-click card, as "Check this image" on the first photo draws it.
  await page.setViewport({ width: 1000, height: 560 });
  await page.bringToFront();
  await rightClick(page, 'img');
  const src = await page.$eval('img', (img) => (img as HTMLImageElement).currentSrc);
  await clickMenu(session, tabId, { menuItemId: MENU_CHECK, mediaType: 'image', srcUrl: src });
  await waitForCard(session, tabId);
  await new Promise((r) => setTimeout(r, 300));
  const cardFile = `demo-output/card-${kind}${suffix}.png`;
  await page.screenshot({ path: cardFile });
  console.log(`card screenshot: ${cardFile}`);
  await session.close();
  await servers.close();
  await registry.close();
} else {
  console.log('\nClick the License Lens icon in the toolbar to see the popup. Close the browser to stop.');
  session.browser.on('disconnected', () => void Promise.all([servers.close(), registry.close()]).then(() => process.exit(0)));
}
