/**
 * End-to-end helpers for the popup and the right-click check, all driven from the extension's side (its welcome
 * page or its background), never from the page: the card lives in a closed shadow root that pages cannot read.
 */
import type { Session } from '../../scripts/lib/launch.js';
import type { Result } from '../../src/lib/protocol/messages.js';

/** Installs the bundled demo list or its hostile variant through demo/set, as the welcome page does. */
export async function setDemoList(s: Session, variant: 'standard' | 'hostile'): Promise<void> {
  const r = await s.ext.evaluate(
    (v: string) => chrome.runtime.sendMessage({ type: 'demo/set', payload: { enabled: true, variant: v } }) as Promise<Result<unknown>>,
    variant,
  );
  if (!r.ok) throw new Error(r.error);
}

export async function setPausedSites(s: Session, pausedSites: string[]): Promise<void> {
  const r = await s.ext.evaluate(
    (sites: string[]) => chrome.runtime.sendMessage({ type: 'settings/set', payload: { pausedSites: sites } }) as Promise<Result<unknown>>,
    pausedSites,
  );
  if (!r.ok) throw new Error(r.error);
}

export { cardState, checkViaMenu, clickMenu, rightClick, waitForCard, MENU_CHECK, MENU_REGISTER } from '../../scripts/lib/check-card.js';
