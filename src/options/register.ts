/**
 * The right-click "Register this image as my work" lands here: the context menu opens
 * `src/options/index.html#register=<encodeURIComponent(imageUrl)>`. The page fetches and fingerprints the image at
 * once, shows its thumbnail, and saves it under the model the creator picks.
 */
import { reasonText } from '../lib/page/index.js';
import { send } from '../messaging.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { prepareUrl, type PreparedWork } from './decode.js';
import { errorText, field, textInput } from './form.js';

/** Builds the panel for one image URL; `modelPicker` is a fresh <select> of the creator's models. */
export function registerPanel(url: string, modelPicker: HTMLSelectElement, onDone: () => void): HTMLElement {
  const status = h('p', { class: 'status', id: 'register-status', role: 'status', 'aria-live': 'polite' }, t('cwRegisterFetching'));
  const thumb = h('img', { class: 'thumb', alt: '', hidden: true });
  const title = textInput('title', { id: 'register-title', maxLength: 200 });
  const save = h('button', { type: 'submit', id: 'register-save', disabled: true }, t('cwRegisterSave'));
  const cancel = h('button', { type: 'button', id: 'register-cancel' }, t('cwCancel'));
  modelPicker.id = 'register-model';
  const form = h(
    'form',
    { id: 'register-panel', class: 'card register', 'data-state': 'fetching' },
    h('h3', {}, t('cwRegisterTitle')),
    h('p', { class: 'url' }, url),
    h('div', { class: 'row' }, thumb, h('div', {}, field('cwWorkTitle', title), field('cwWorkModel', modelPicker))),
    h('div', { class: 'actions' }, save, cancel),
    status,
  );
  let prepared: PreparedWork | undefined;

  const finish = () => {
    history.replaceState(null, '', location.pathname + location.search);
    form.remove();
    onDone();
  };
  cancel.addEventListener('click', finish);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!prepared) return;
    if (!modelPicker.value) {
      status.textContent = t('cwWorksNeedModel');
      return;
    }
    save.disabled = true;
    try {
      await send('own/works/add', { works: [{ ...prepared, title: title.value.trim() || undefined, modelId: modelPicker.value }] });
      form.dataset.state = 'saved';
      status.textContent = t('cwRegisterSaved');
      setTimeout(finish, 1500);
    } catch (err) {
      save.disabled = false;
      status.textContent = t('cwStatusError', errorText(err));
    }
  });

  void prepareUrl(url).then(
    (p) => {
      prepared = p;
      title.value = p.title ?? '';
      if (p.thumb) {
        thumb.src = p.thumb;
        thumb.hidden = false;
      }
      save.disabled = false;
      form.dataset.state = 'ready';
      status.textContent = t('cwRegisterReady');
      modelPicker.focus();
    },
    (err: unknown) => {
      form.dataset.state = 'error';
      status.textContent = t('cwRegisterFailed', reasonText(errorText(err), t));
    },
  );
  return form;
}
