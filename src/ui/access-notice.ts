/**
 * The host-access notice shared by the popup and the welcome page: a status line and, while access is missing,
 * a "Grant access" button. The request is made first thing in the click handler (user gesture, see
 * lib/page/host-access.ts); the state shown always comes from the browser, not from what the button returned.
 */
import { accessText, type AccessState } from '../lib/page/index.js';
import { t } from './i18n.js';
import { hostAccess, onAccessChange, requestHostAccess } from './host-access.js';

export interface AccessElements {
  /** Holds the notice; its data-state is 'granted' | 'missing'. */
  box: HTMLElement;
  status: HTMLElement;
  button: HTMLButtonElement;
  /** Hide the whole box while access is granted (popup), or keep saying it is granted (welcome page). */
  hideWhenGranted: boolean;
}

function show(el: AccessElements, state: AccessState, error?: string): void {
  const text = accessText(state);
  el.box.dataset.state = state;
  el.box.hidden = el.hideWhenGranted && state === 'granted';
  el.status.textContent = error ? `${t(text.status)} (${error})` : t(text.status);
  el.button.hidden = !text.button;
  if (text.button) el.button.textContent = t(text.button);
}

export async function mountAccessNotice(el: AccessElements): Promise<void> {
  const refresh = async () => show(el, await hostAccess());
  el.button.addEventListener('click', () => {
    // No await before request(): the user gesture would be gone.
    void requestHostAccess().then(async (r) => show(el, await hostAccess(), r.error));
  });
  onAccessChange(() => void refresh());
  await refresh();
}
