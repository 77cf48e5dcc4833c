/**
 * Options page section #settings: automatic scanning, marks on pages, and the sites where scanning is paused
 * (the popup's pause switch edits the same list). Every change is saved at once through settings/set.
 */
import { normaliseSite } from '../lib/license/index.js';
import { send } from '../messaging.js';
import type { Settings } from '../storage/settings.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';

export async function mountSettings(root: HTMLElement): Promise<void> {
  const status = h('p', { class: 'settings-status', role: 'status', 'aria-live': 'polite' });
  let settings = await send('settings/get', {});

  const save = async (change: Partial<Pick<Settings, 'autoScan' | 'marksEnabled' | 'pausedSites'>>) => {
    try {
      settings = await send('settings/set', change);
      status.textContent = t('settingsSaved');
    } catch (e) {
      status.textContent = t('settingsSaveError', e instanceof Error ? e.message : String(e));
    }
    draw();
  };

  const toggle = (id: string, key: 'autoScan' | 'marksEnabled', label: string, help: string) => {
    const box = h('input', { type: 'checkbox', id, checked: settings[key] });
    box.addEventListener('change', () => void save({ [key]: box.checked }));
    return h('p', {}, h('label', { htmlFor: id }, box, ' ', label), h('br'), h('small', {}, help));
  };

  const list = h('ul', { id: 'paused-sites', 'aria-label': t('settingsPausedTitle') });
  const input = h('input', { type: 'text', id: 'paused-add', placeholder: 'example.com', autocomplete: 'off', spellcheck: false });
  const addForm = h(
    'form',
    { class: 'paused-add' },
    h('label', { htmlFor: 'paused-add' }, t('settingsPausedAdd')),
    ' ',
    input,
    ' ',
    h('button', { type: 'submit' }, t('settingsPausedAddButton')),
  );
  addForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const site = normaliseSite(input.value);
    if (!site) {
      status.textContent = t('settingsPausedInvalid');
      return;
    }
    input.value = '';
    if (!settings.pausedSites.includes(site)) void save({ pausedSites: [...settings.pausedSites, site] });
  });

  function draw(): void {
    list.replaceChildren(
      ...(settings.pausedSites.length
        ? settings.pausedSites.map((site) => {
            const remove = h('button', { type: 'button', 'aria-label': t('settingsPausedRemove', site) }, t('settingsPausedRemoveShort'));
            remove.addEventListener('click', () => void save({ pausedSites: settings.pausedSites.filter((s) => s !== site) }));
            return h('li', { 'data-site': site }, site, ' ', remove);
          })
        : [h('li', { class: 'muted' }, t('settingsPausedNone'))]),
    );
  }

  draw();
  root.append(
    toggle('set-auto-scan', 'autoScan', t('settingsAutoScan'), t('settingsAutoScanHelp')),
    toggle('set-marks', 'marksEnabled', t('settingsMarks'), t('settingsMarksHelp')),
    h('h3', {}, t('settingsPausedTitle')),
    h('p', {}, h('small', {}, t('settingsPausedHelp'))),
    list,
    addForm,
    status,
  );
  root.dataset.ready = 'true';
}
