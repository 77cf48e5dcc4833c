/** The licensee editor inside the model form: one row per licensee (name, sites, optional expiry). */
import { splitSites } from '../lib/own/index.js';
import type { Licensee } from '../lib/types.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { field, textInput } from './form.js';

export interface LicenseeEditor {
  el: HTMLElement;
  set(list: Licensee[]): void;
  /** The rows as licensees; a row with neither name nor sites is ignored (an empty row just added). */
  get(): Licensee[];
}

export function licenseeEditor(): LicenseeEditor {
  const rows = h('ol', { class: 'licensees', id: 'licensee-rows' });
  const add = h('button', { type: 'button', id: 'licensee-add' }, t('cwLicenseeAdd'));

  const addRow = (l?: Licensee) => {
    const name = textInput('licensee-name', { value: l?.name ?? '', maxLength: 200 });
    const sites = textInput('licensee-sites', { value: l?.sites.join(', ') ?? '', placeholder: 'example.com, shop.example.org' });
    const expires = h('input', { type: 'date', name: 'licensee-expires', value: l?.expires?.slice(0, 10) ?? '' });
    const remove = h('button', { type: 'button', class: 'link danger' }, t('cwLicenseeRemove'));
    const row = h(
      'li',
      { class: 'licensee' },
      field('cwLicenseeName', name),
      field('cwLicenseeSites', sites, 'cwLicenseeSitesHint'),
      field('cwLicenseeExpires', expires, 'cwLicenseeExpiresHint'),
      remove,
    );
    remove.addEventListener('click', () => {
      row.remove();
      add.focus();
    });
    rows.append(row);
    return name;
  };
  add.addEventListener('click', () => addRow().focus());

  const el = h('fieldset', { class: 'licensee-editor' }, h('legend', {}, t('cwLicenseesTitle')), h('p', { class: 'hint' }, t('cwLicenseesHint')), rows, add);
  return {
    el,
    set(list) {
      rows.replaceChildren();
      for (const l of list) addRow(l);
    },
    get() {
      return Array.from(rows.children).flatMap((row) => {
        const q = (n: string) => (row.querySelector(`[name="${n}"]`) as HTMLInputElement).value.trim();
        const name = q('licensee-name');
        const sites = splitSites(q('licensee-sites'));
        const expires = q('licensee-expires');
        if (!name && sites.length === 0) return [];
        return [{ name, sites, ...(expires ? { expires } : {}) }];
      });
    },
  };
}
