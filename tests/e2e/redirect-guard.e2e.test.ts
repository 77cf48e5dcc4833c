/**
 * Redirects cannot carry the extension's fetches to the user's own machine or network (docs/security.md, issue 19.1).
 * A server on 127.0.0.1 stands for a public site under the name public.example (the browser resolves it to the
 * loopback, LaunchOptions.loopbackNames), so url-guard.ts sees a public page; a second server, addressed as
 * 127.0.0.1, stands for a service on the user's loopback. The public site redirects the extension's own requests
 * (a fetch, not an <img>) to that service and its page's requests to a harmless picture: the page shows one image,
 * the extension would get another. The service must never be asked for anything, while a redirect from one public
 * URL to another is still followed (that image is flagged).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { expect, it } from 'vitest';
import { enableDemo, tabIdOf, waitForScan } from '../../scripts/lib/launch.js';
import { file, html, json, listsAction, openOptions, startListServer, type Handler } from './list-helpers.js';
import { describeInBrowsers } from './setup.js';

const PUBLIC_NAME = 'public.example';
/** An <img> asks for images in its Accept header; fetch() asks for anything (no Sec-Fetch-Dest over plain http to a public name). */
const isExtensionFetch = (req: IncomingMessage) => !req.headers.accept?.includes('image/');
const redirect = (to: (req: IncomingMessage) => string): Handler => (req, res) => void res.writeHead(302, { Location: to(req) }).end();

describeInBrowsers(
  'redirects: every hop passes the address guard',
  (kind, env) => {
    it('never follows a public image URL to a loopback address, and still follows one to a public address', async () => {
      const { session } = env();
      await enableDemo(session);
      const local = await startListServer();
      const site = await startListServer();
      const asked: string[] = [];
      try {
        for (const name of ['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg']) {
          local.routes.set(`/images/${name}`, (req, res) => (asked.push(req.url ?? ''), file(`demo/images/${name}`)(req, res)));
          site.routes.set(`/images/${name}`, file(`demo/images/${name}`));
        }
        const origin = `http://${PUBLIC_NAME}:${new URL(site.origin).port}`;
        site.routes.set('/to-local', redirect((req) => (isExtensionFetch(req) ? `${local.origin}/images/astronaut.jpg` : `${origin}/images/coffee.jpg`)));
        site.routes.set('/to-public', redirect(() => `${origin}/images/chelsea.jpg`));
        site.routes.set('/page.html', html('<img src="/to-local" width="200"><img src="/to-public" width="200">'));

        const page = await session.browser.newPage();
        await page.goto(`${origin}/page.html`, { waitUntil: 'load' });
        const tabId = await tabIdOf(session, origin);
        // The public-to-public redirect's verdict is the later positive signal: both images had their chance.
        const report = await waitForScan(session, tabId, 2, 30_000, (r) => r.flagged.length > 0);
        expect(report.flagged.map((f) => f.url)).toEqual([`${origin}/to-public`]);
        // Chrome fetches the image itself: the redirect to the loopback is blocked and the image skipped. Firefox
        // judges the page's own response (scan/capture.ts): the picture the page was shown, checked and clear, so
        // the server's other answer for the extension never arises.
        expect(report.skipped).toBe(kind === 'chrome' ? 1 : 0);
        expect(asked).toEqual([]);
        await page.close();
      } finally {
        await local.close();
        await site.close();
      }
    });

    it('refuses a list whose public URL redirects to a loopback address, without asking that address', async () => {
      const { session } = env();
      const local = await startListServer();
      const site = await startListServer();
      const asked: string[] = [];
      try {
        local.routes.set('/list.json', (req, res) => (asked.push(req.url ?? ''), json(readFileSync('public/demo-list.json', 'utf8'))(req, res)));
        site.routes.set('/list.json', redirect(() => `${local.origin}/list.json`));
        const options = await openOptions(session);
        const state = await listsAction(options, { subscribe: `http://${PUBLIC_NAME}:${new URL(site.origin).port}/list.json` });
        expect(state.statusState).toBe('error');
        expect(state.items).toHaveLength(0);
        expect(asked).toEqual([]);
        await options.close();
      } finally {
        await local.close();
        await site.close();
      }
    });
  },
  { loopbackNames: [PUBLIC_NAME] },
);
