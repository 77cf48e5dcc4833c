/**
 * Adding works: many files by dragging or choosing them, or one image by URL. A progress bar counts the items,
 * Cancel stops taking new ones (what was prepared is kept), and each failure is listed by file name.
 */
import { type ImportProgress, MAX_WORKS_PER_ADD, runImport } from '../lib/own/index.js';
import { reasonText } from '../lib/page/index.js';
import { send } from '../messaging.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { type PreparedWork, prepareFile, prepareUrl } from './decode.js';
import { dropZone, errorText, field } from './form.js';

type Source = { kind: 'file'; file: File } | { kind: 'url'; url: string };

export function workAdder(modelId: () => string | undefined, onSaved: () => void): HTMLElement {
  const files = h('input', { type: 'file', id: 'work-files', multiple: true, accept: 'image/*', class: 'visually-hidden' });
  const pick = h('label', { htmlFor: 'work-files', class: 'button', tabIndex: 0, role: 'button' }, t('cwWorksPick'));
  const zone = h('div', { id: 'work-drop', class: 'dropzone' }, pick, ' ', t('cwWorksDrop'));
  const url = h('input', { type: 'url', id: 'work-url', name: 'url', placeholder: 'https://…/image.jpg', maxLength: 4000 });
  const urlForm = h('form', { id: 'work-url-form', class: 'row' }, field('cwWorksUrl', url), h('button', { type: 'submit' }, t('cwWorksAddUrl')));
  const bar = h('progress', { id: 'work-progress-bar', max: 1, value: 0 });
  const count = h('span', { id: 'work-progress-text', role: 'status', 'aria-live': 'polite' });
  const cancel = h('button', { type: 'button', id: 'work-cancel' }, t('cwCancel'));
  const failures = h('ul', { id: 'work-failures', class: 'failures' });
  const progress = h('div', { id: 'work-progress', hidden: true }, bar, ' ', count, ' ', cancel);
  let ctrl: AbortController | undefined;

  const show = (p: Readonly<ImportProgress>, finished = false) => {
    bar.max = Math.max(1, p.total);
    bar.value = p.done;
    count.textContent = finished
      ? t(p.cancelled ? 'cwWorksCancelled' : 'cwWorksFinished', [String(p.saved), String(p.failures.length)])
      : t('cwWorksProgress', [String(p.done), String(p.total)]);
    failures.replaceChildren(...p.failures.map((f) => h('li', { 'data-name': f.name }, t('cwWorksFailed', [f.name, reasonText(f.error, t)]))));
  };

  const run = async (sources: Source[]) => {
    const model = modelId();
    if (!model) {
      count.textContent = t('cwWorksNeedModel');
      progress.hidden = false;
      return;
    }
    if (ctrl) return; // one import at a time; the button row says so
    ctrl = new AbortController();
    progress.hidden = false;
    cancel.hidden = false;
    progress.dataset.state = 'running';
    try {
      const result = await runImport<Source, PreparedWork>(sources, {
        name: (s) => (s.kind === 'file' ? s.file.name : s.url),
        prepare: (s, signal) => (s.kind === 'file' ? prepareFile(s.file) : prepareUrl(s.url, signal)),
        save: async (batch) => {
          await send('own/works/add', { works: batch.map((w) => ({ ...w, modelId: model })) });
          onSaved();
        },
        signal: ctrl.signal,
        onProgress: (p) => show(p),
        batchSize: Math.min(25, MAX_WORKS_PER_ADD),
      });
      show(result, true);
    } catch (e) {
      count.textContent = t('cwStatusError', errorText(e));
    } finally {
      ctrl = undefined;
      cancel.hidden = true;
      progress.dataset.state = 'done';
    }
  };

  cancel.addEventListener('click', () => ctrl?.abort());
  pick.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      files.click();
    }
  });
  files.addEventListener('change', () => {
    const list = Array.from(files.files ?? []);
    files.value = '';
    if (list.length) void run(list.map((file) => ({ kind: 'file', file })));
  });
  dropZone(zone, (list) => void run(list.map((file) => ({ kind: 'file', file }))));
  urlForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const u = url.value.trim();
    if (!u) return;
    url.value = '';
    void run([{ kind: 'url', url: u }]);
  });
  return h('div', { class: 'work-add' }, zone, files, urlForm, progress, failures);
}
