/**
 * Options page section #registries: add a registry by its manifest's address (or a manifest file, with the
 * address its files are served from), and for each added one its edition, last update and publishers
 * (registry-item.ts). Adding, updating and removing run over the list-operation port (list-op.ts), so a slow host
 * or a stopped background reads as what happened.
 */
import { send } from '../messaging.js';
import { MAX_MANIFEST_BYTES } from '../lib/registry/index.js';
import type { ListPhase, RegistryRecord } from '../lib/protocol/index.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { fileInput } from './list-files.js';
import { FinishedAfterRestart, runListOp, sendPatiently } from './list-op.js';
import { sectionAction, statusLine } from './section-status.js';
import { registryItem, type ItemActions } from './registry-item.js';

type Work = (onPhase: (p: ListPhase) => void) => Promise<string>;

export async function mountRegistries(root: HTMLElement): Promise<void> {
  const { status, say } = statusLine('registries-status');
  const list = h('ul', { id: 'registries-list', class: 'subscriptions' });
  const empty = h('p', { id: 'registries-empty', hidden: true }, t('registriesNone'));
  const render = (all: RegistryRecord[]) => {
    list.replaceChildren(...all.map((r) => registryItem(r, actions)));
    empty.hidden = all.length > 0;
    root.dataset.count = String(all.length);
  };
  const refresh = async () => render(await sendPatiently('registries/get', {}));
  const run = sectionAction({ root, say, refresh, failed: (reason) => t('registriesFailed', reason) });
  /** Runs one action, shows progress, then its outcome. */
  const act = (work: Work) =>
    run(() => {
      say(t('registriesWorking'), 'progress');
      return work(() => say(t('registriesWorking'), 'progress'));
    });
  const actions: ItemActions = {
    update: (r) =>
      void act(async (onPhase) => {
        const after = await runListOp('registries/update', { id: r.id }, onPhase);
        if (after.error) throw new Error(after.error);
        return t('registriesUpdated', [after.name, String(after.edition)]);
      }),
    remove: (r) =>
      void act(async (onPhase) => {
        await runListOp('registries/remove', { id: r.id }, onPhase).catch((e: unknown) => {
          if (!(e instanceof FinishedAfterRestart)) throw e;
        });
        return t('registriesRemoved', r.name);
      }),
    toggle: (r, p, on) =>
      void act(async () => {
        await send('registries/publisher', { id: r.id, publisher: p.id, on });
        return t('registriesSwitched', [p.name, t(on ? 'registriesOn' : 'registriesOff')]);
      }),
  };
  const added = (r: RegistryRecord) => t('registriesAdded', [r.name, String(r.publishers.length), String(r.works)]);

  const url = h('input', { type: 'url', id: 'registry-url', placeholder: 'https://…/manifest.json', required: true, size: 50 });
  const form = h('form', { id: 'registry-add' }, h('label', { htmlFor: 'registry-url' }, t('registriesUrlLabel')), ' ', url, ' ', h('button', { type: 'submit' }, t('registriesAdd')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void act(async (onPhase) => {
      const r = await runListOp('registries/add-url', { url: url.value.trim() }, onPhase);
      url.value = '';
      return added(r);
    });
  });
  // A manifest file: its other files come from the address typed above (the manifest's or its folder's).
  const file = fileInput(
    'registry-file',
    t('registriesFileLabel'),
    (text) => act(async (onPhase) => added(await runListOp('registries/add-file', { text, base: url.value.trim() }, onPhase))),
    MAX_MANIFEST_BYTES,
    () => say(t('registriesFailed', t('listsFileTooLarge', String(MAX_MANIFEST_BYTES / 1048576))), 'error'),
  );

  root.append(
    h('p', {}, t('registriesIntro')),
    h('h3', {}, t('registriesAddTitle')),
    form,
    h('p', { class: 'actions' }, file),
    status,
    h('h3', {}, t('registriesAddedTitle')),
    empty,
    list,
  );
  await refresh();
  root.dataset.ready = 'true';
}
