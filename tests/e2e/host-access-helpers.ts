/**
 * Taking host access away and giving one site back, as users do: Firefox users grant host access themselves
 * (the extension may remove it, and a click in an extension page may ask for one origin); Chrome users set site
 * access to "On click" and allow single sites in chrome://extensions, driven here through that page's own
 * developerPrivate API (Chrome refuses permissions.remove for required permissions).
 */
import { expect } from 'vitest';
import type { Session } from '../../scripts/lib/launch.js';

export const ALL_ORIGINS = ['http://*/*', 'https://*/*'];

interface DeveloperPrivate {
  updateExtensionConfiguration(c: object): Promise<void>;
  addHostPermission(extensionId: string, host: string): Promise<void>;
}

async function inExtensionsPage(s: Session, run: (dp: DeveloperPrivate, id: string, arg: string) => Promise<void>, arg = ''): Promise<void> {
  const id = new URL(s.ext.url()).host;
  const settings = await s.browser.newPage();
  await settings.goto('chrome://extensions/');
  await settings.evaluate(
    `(${run.toString()})(chrome.developerPrivate, ${JSON.stringify(id)}, ${JSON.stringify(arg)})`,
  );
  await settings.close();
}

export async function removeHostAccess(s: Session): Promise<void> {
  if (s.kind === 'firefox') {
    expect(await s.ext.evaluate((origins: string[]) => chrome.permissions.remove({ origins }), ALL_ORIGINS)).toBe(true);
    return;
  }
  await inExtensionsPage(s, (dp, extensionId) => dp.updateExtensionConfiguration({ extensionId, hostAccess: 'ON_CLICK' }));
}

/**
 * Gives access to one origin only. Firefox: permissions.request from a real click in the welcome page (the launcher
 * sets extensions.webextOptionalPermissionPrompts to false, so no prompt needs answering). Chrome: "allow on this
 * site" as chrome://extensions does it.
 */
export async function grantOrigin(s: Session, origin: string): Promise<void> {
  // Firefox's match patterns take no port (the pattern matches every port of the host); Chrome's may.
  const pattern = s.kind === 'firefox' ? `${new URL(origin).protocol}//${new URL(origin).hostname}/*` : `${origin}/*`;
  if (s.kind === 'chrome') {
    await inExtensionsPage(s, (dp, extensionId, host) => dp.addHostPermission(extensionId, host), pattern);
    return;
  }
  await s.ext.evaluate((p: string) => {
    const button = document.createElement('button');
    button.id = 'test-grant-origin';
    button.textContent = 'grant';
    button.addEventListener('click', () => {
      void chrome.permissions.request({ origins: [p] }).then((ok) => (button.dataset.granted = String(ok)));
    });
    document.body.prepend(button);
  }, pattern);
  await s.ext.click('#test-grant-origin');
  await s.ext.waitForSelector('#test-grant-origin[data-granted]', { timeout: 10_000 });
  expect(await s.ext.$eval('#test-grant-origin', (b) => (b as HTMLElement).dataset.granted)).toBe('true');
  await s.ext.$eval('#test-grant-origin', (b) => b.remove());
}
