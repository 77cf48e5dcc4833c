/**
 * Options page entry: localises the static text and lets each section's module fill its own <section>.
 * Sections are independent so a failure in one (shown in place) never blanks the others.
 */
import { localize, t } from '../ui/i18n.js';
import { h } from '../ui/dom.js';
import { mountBackup } from './backup.js';
import { mountKeys } from './keys.js';
import { mountLists } from './lists.js';
import { mountModels } from './models.js';
import { mountProfile } from './profile.js';
import { mountRegistries } from './registries.js';
import { mountSettings } from './settings.js';
import { mountWorks } from './works.js';

type Mount = (root: HTMLElement) => Promise<void> | void;

const SECTIONS: Array<[string, Mount]> = [
  ['profile', mountProfile],
  ['keys', mountKeys],
  ['models', mountModels],
  ['works', mountWorks],
  ['lists', mountLists],
  ['registries', mountRegistries],
  ['settings', mountSettings],
  ['backup', mountBackup],
];

localize();
for (const [id, mount] of SECTIONS) {
  const root = document.getElementById(id);
  if (!root) continue;
  Promise.resolve()
    .then(() => mount(root))
    .catch((e: unknown) => root.append(h('p', { class: 'error', role: 'alert' }, t('optionsSectionError', e instanceof Error ? e.message : String(e)))));
}
