/** The per-site pause switch: adds or removes the tab's host in the paused-sites setting. */
import { hostOf, withSitePaused } from '../lib/license/index.js';
import { send } from '../messaging.js';
import { t } from '../ui/i18n.js';
import type { Loaded } from './load.js';

/** Shows the switch for http(s) tabs; `changed` runs after a change is saved (to re-render). */
export function mountPause(data: Loaded, doc: Document, changed: () => void): void {
  const label = doc.getElementById('pause') as HTMLLabelElement;
  const box = doc.getElementById('pause-site') as HTMLInputElement;
  const host = data.input.tabUrl && /^https?:/i.test(data.input.tabUrl) ? hostOf(data.input.tabUrl) : undefined;
  label.hidden = !host || !data.settings;
  if (!host || !data.settings) return;
  const settings = data.settings;
  doc.getElementById('pause-label')!.textContent = t('popupPauseSite', host);
  box.checked = data.input.paused === 'site';
  box.disabled = !settings.autoScan;
  box.onchange = async () => {
    box.disabled = true;
    try {
      const next = await send('settings/set', { pausedSites: withSitePaused(settings.pausedSites, host, box.checked) });
      settings.pausedSites = next.pausedSites;
    } catch {
      box.checked = !box.checked;
    }
    box.disabled = false;
    changed();
  };
}
