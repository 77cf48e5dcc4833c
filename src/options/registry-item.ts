/**
 * One added registry in the options page's #registries section: name, signing key, edition and counts, dates,
 * where it comes from, the reason of a failed update, and its publishers (searchable, verified first) each with
 * its verification, counts and a switch. Every value comes from a stranger's manifest: text nodes only.
 */
import type { RegistryPublisher, RegistryRecord } from '../lib/protocol/index.js';
import { h, safeHref } from '../ui/dom.js';
import { t } from '../ui/i18n.js';

const when = (ms: number | undefined) => (ms ? new Date(ms).toLocaleString() : '—');
const day = (iso: string | undefined) => (iso ? new Date(iso).toLocaleDateString() : '—');

export interface ItemActions {
  update(r: RegistryRecord): void;
  remove(r: RegistryRecord): void;
  toggle(r: RegistryRecord, p: RegistryPublisher, on: boolean): void;
}

/** Verified publishers first, then by name; revoked ones last. */
export function publisherOrder(a: RegistryPublisher, b: RegistryPublisher): number {
  const rank = (p: RegistryPublisher) => (p.revoked ? 2 : p.verified.length ? 0 : 1);
  return rank(a) - rank(b) || a.name.localeCompare(b.name);
}

function publisherItem(r: RegistryRecord, p: RegistryPublisher, act: ItemActions): HTMLLIElement {
  const on = !r.off.includes(p.id);
  const box = h('input', { type: 'checkbox', class: 'publisher-on', checked: on, disabled: !!p.revoked });
  box.addEventListener('change', () => act.toggle(r, p, box.checked));
  const claim = p.verified.length ? t('registryVerified', p.verified.join(', ')) : t('registryUnverified');
  const list = safeHref(p.listUrl);
  return h(
    'li',
    { class: 'publisher', 'data-id': String(p.id), 'data-verified': p.verified.length ? 'true' : 'false', 'data-on': String(on) },
    h('label', {}, box, ' ', t('registriesPublisherUse')),
    ' ',
    list ? h('a', { href: list, target: '_blank', rel: 'noopener noreferrer', class: 'publisher-name' }, p.name) : h('strong', { class: 'publisher-name' }, p.name),
    ' · ',
    h('span', { class: p.verified.length ? 'claim verified' : 'claim unverified' }, claim),
    ' · ',
    h('span', { class: 'meta' }, t('registriesPublisherWorks', [String(p.works), day(p.firstRegistered)])),
    ' ',
    h('code', { class: 'key' }, p.keyFingerprint),
  );
}

function publishers(r: RegistryRecord, act: ItemActions): HTMLElement {
  const sorted = [...r.publishers].sort(publisherOrder);
  const search = h('input', { type: 'search', class: 'publisher-search', size: 30 });
  const list = h('ul', { class: 'publishers' });
  const show = () => {
    const q = search.value.trim().toLowerCase();
    list.replaceChildren(...sorted.filter((p) => !q || p.name.toLowerCase().includes(q) || p.verified.some((d) => d.includes(q))).map((p) => publisherItem(r, p, act)));
  };
  search.addEventListener('input', show);
  show();
  return h('div', { class: 'registry-publishers' }, h('label', {}, t('registriesSearch'), ' ', search), list);
}

export function registryItem(r: RegistryRecord, act: ItemActions): HTMLLIElement {
  const update = h('button', { type: 'button', class: 'update' }, t('registriesUpdateNow'));
  update.addEventListener('click', () => act.update(r));
  const remove = h('button', { type: 'button', class: 'remove' }, t('registriesRemove'));
  remove.addEventListener('click', () => act.remove(r));
  // Restored from a backup (backup-file.ts): no edition held until it is downloaded or its file added again.
  const held = r.installedAt > 0;
  return h(
    'li',
    { class: 'registry', 'data-id': r.id, 'data-state': r.error ? 'error' : held ? 'ok' : 'pending', 'data-edition': String(r.edition) },
    h('p', {}, h('strong', { class: 'registry-name' }, r.name)),
    h('p', { class: 'meta' }, t('registriesKey'), ' ', h('code', { class: 'key' }, r.keyFingerprint)),
    ...(held
      ? [
          h('p', { class: 'meta counts' }, t('registriesEdition', [String(r.edition), String(r.publishers.length), String(r.works)])),
          h('p', { class: 'meta dates' }, t('registriesDates', [when(r.installedAt), when(r.checkedAt)])),
        ]
      : [h('p', { class: 'meta pending' }, r.url ? t('registriesNotDownloaded', String(r.edition)) : t('registriesNotDownloadedFile'))]),
    h('p', { class: 'meta source' }, r.url ? t('registriesFromUrl', r.url) : t('registriesFromFile', r.base)),
    r.error ? h('p', { class: 'error', role: 'alert' }, t(held ? 'registriesLastUpdateFailed' : 'registriesDownloadFailed', r.error)) : null,
    h('p', { class: 'actions' }, r.url ? update : null, ' ', remove),
    publishers(r, act),
  );
}
