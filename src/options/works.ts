/** Options page section #works: add works (files, URL, right-click), and browse, retitle, move and delete them. */
import { send } from '../messaging.js';
import type { OwnModel, OwnWork } from '../storage/own.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { errorText, MODELS_CHANGED, statusLine } from './form.js';
import { modelLabel } from './models.js';
import { registerUrlFromHash } from '../lib/own/index.js';
import { registerPanel } from './register.js';
import { workAdder } from './work-add.js';

const PAGE = 60;

function modelSelect(models: OwnModel[], selected?: string): HTMLSelectElement {
  const s = h('select', {}, ...models.map((m) => h('option', { value: m.id, selected: m.id === selected }, modelLabel(m))));
  if (models.length === 0) s.append(h('option', { value: '' }, t('cwWorksNoModels')));
  return s;
}

export async function mountWorks(root: HTMLElement): Promise<void> {
  let models: OwnModel[] = [];
  let shown = 0;
  const status = statusLine('works-status');
  const pickerSlot = h('div', { class: 'field' });
  const registerSlot = h('div');
  const grid = h('ul', { id: 'work-list', class: 'works' });
  const more = h('button', { type: 'button', id: 'work-more', hidden: true }, t('cwWorksMore'));
  const total = h('p', { id: 'work-total', class: 'muted' });
  let picker = modelSelect([]);

  const workItem = (w: OwnWork): HTMLLIElement => {
    const title = h('input', { type: 'text', value: w.title ?? '', maxLength: 200, 'aria-label': t('cwWorkTitle'), class: 'work-title' });
    const model = modelSelect(models, w.modelId);
    model.setAttribute('aria-label', t('cwWorkModel'));
    const del = h('button', { type: 'button', class: 'danger' }, t('cwDelete'));
    const li = h(
      'li',
      { class: 'work', 'data-work-id': w.id },
      w.thumb ? h('img', { src: w.thumb, alt: w.title ?? '', class: 'thumb' }) : h('div', { class: 'thumb' }),
      title,
      model,
      del,
    );
    const update = async (change: { title?: string; modelId?: string }) => {
      try {
        await send('own/work/update', { id: w.id, ...change });
        status.show(t('cwStatusSaved'));
        if (change.modelId) document.dispatchEvent(new Event(MODELS_CHANGED));
      } catch (e) {
        status.show(t('cwStatusError', errorText(e)), 'error');
      }
    };
    title.addEventListener('change', () => void update({ title: title.value.trim() }));
    model.addEventListener('change', () => void update({ modelId: model.value }));
    del.addEventListener('click', async () => {
      try {
        await send('own/work/delete', { id: w.id });
        (li.nextElementSibling?.querySelector('input') ?? more)?.focus();
        li.remove();
        status.show(t('cwWorkDeleted', w.title ?? ''));
        await refreshCounts();
      } catch (e) {
        status.show(t('cwStatusError', errorText(e)), 'error');
      }
    });
    return li;
  };

  const refreshCounts = async () => {
    const page = await send('own/works/list', { offset: 0, limit: 1 });
    total.textContent = t('cwWorksTotal', String(page.total));
    root.dataset.works = String(page.total);
  };

  const load = async (reset: boolean) => {
    if (reset) shown = 0;
    const page = await send('own/works/list', { offset: shown, limit: PAGE });
    const items = page.works.map(workItem);
    if (reset) grid.replaceChildren(...items);
    else grid.append(...items);
    shown += page.works.length;
    more.hidden = shown >= page.total;
    total.textContent = t('cwWorksTotal', String(page.total));
    root.dataset.works = String(page.total);
  };

  const refreshModels = async () => {
    models = await send('own/models/list', {});
    const prev = picker.value;
    picker = modelSelect(models, prev || models[0]?.id);
    picker.id = 'work-model';
    pickerSlot.replaceChildren(h('label', { htmlFor: 'work-model' }, t('cwWorksModelPick')), picker);
    // A register panel opened before the first model existed gets the new models too.
    const pending = registerSlot.querySelector<HTMLSelectElement>('#register-model');
    if (pending) pending.replaceChildren(...modelSelect(models, pending.value || models[0]?.id).children);
    await load(true);
  };

  const showRegister = () => {
    const url = registerUrlFromHash(location.hash);
    if (!url) return;
    const panel = registerPanel(url, modelSelect(models, picker.value), () => void load(true));
    registerSlot.replaceChildren(panel);
    root.scrollIntoView();
  };

  let reloading: ReturnType<typeof setTimeout> | undefined;
  const adder = workAdder(
    () => picker.value || undefined,
    () => {
      // Batches land every few hundred milliseconds during a big import: redraw (grid and model counts) at most twice a second.
      reloading ??= setTimeout(() => {
        reloading = undefined;
        document.dispatchEvent(new Event(MODELS_CHANGED));
      }, 500);
    },
  );
  more.addEventListener('click', () => void load(false).catch((e: unknown) => status.show(t('cwStatusError', errorText(e)), 'error')));
  root.append(registerSlot, h('p', { class: 'hint' }, t('cwWorksIntro')), pickerSlot, adder, total, grid, more, status.el);
  document.addEventListener(MODELS_CHANGED, () => void refreshModels().catch((e: unknown) => status.show(t('cwStatusError', errorText(e)), 'error')));
  window.addEventListener('hashchange', showRegister);
  await refreshModels();
  showRegister();
  root.dataset.ready = 'true';
}
