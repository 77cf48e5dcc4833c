/** "Compute from the model file": pick or drop a model file, hash it in chunks with a progress bar, fill the hash fields. */
import { hashModel, blobSource } from '../lib/own/index.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { dropZone, errorText } from './form.js';

export function modelHashPicker(onHashes: (h: { sha256: string; autov2: string }) => void): HTMLElement {
  const input = h('input', { type: 'file', id: 'model-file', class: 'visually-hidden' });
  const pick = h('label', { htmlFor: 'model-file', class: 'button', tabIndex: 0, role: 'button' }, t('cwModelHashPick'));
  const progress = h('progress', { max: 1, value: 0, hidden: true });
  const cancel = h('button', { type: 'button', hidden: true }, t('cwCancel'));
  const status = h('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const zone = h('div', { class: 'dropzone small', id: 'model-file-zone' }, pick, ' ', t('cwModelHashDrop'), progress, cancel, status);
  let ctrl: AbortController | undefined;

  pick.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      input.click();
    }
  });
  const run = async (file: File) => {
    ctrl?.abort();
    const mine = (ctrl = new AbortController());
    progress.hidden = cancel.hidden = false;
    progress.value = 0;
    status.textContent = t('cwModelHashRunning', file.name);
    try {
      const r = await hashModel(blobSource(file), { signal: mine.signal, onProgress: (d, total) => (progress.value = total ? d / total : 1) });
      onHashes(r);
      status.textContent = t('cwModelHashDone', file.name);
    } catch (e) {
      status.textContent = mine.signal.aborted ? t('cwCancelled') : t('cwStatusError', errorText(e));
    } finally {
      progress.hidden = cancel.hidden = true;
    }
  };
  cancel.addEventListener('click', () => ctrl?.abort());
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    if (f) void run(f);
    input.value = '';
  });
  dropZone(zone, ([f]) => void run(f!));
  return h('div', { class: 'model-hash' }, input, zone);
}
