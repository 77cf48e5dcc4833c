/**
 * Options page section #keys: the creator's Ed25519 signing key, made on first use. Shows its fingerprint (what
 * subscribers compare), exports a backup file and imports one (which replaces the current key).
 */
import { send } from '../messaging.js';
import type { KeyView } from '../lib/protocol/index.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { download, errorText, fileInput } from './list-files.js';

export async function mountKeys(root: HTMLElement): Promise<void> {
  const fingerprint = h('code', { id: 'key-fingerprint' });
  const created = h('span', { id: 'key-created' });
  const status = h('p', { id: 'key-status', role: 'status' });
  const show = (k: KeyView) => {
    fingerprint.textContent = k.fingerprint;
    fingerprint.title = k.publicKey;
    root.dataset.fingerprint = k.fingerprint;
    created.textContent = t('keysCreated', new Date(k.created).toLocaleDateString());
  };
  const say = (text: string, error = false) => {
    status.textContent = text;
    status.className = error ? 'error' : '';
    status.setAttribute('role', error ? 'alert' : 'status');
  };

  const exportBtn = h('button', { type: 'button', id: 'key-export' }, t('keysExport'));
  exportBtn.addEventListener('click', () => {
    send('keys/export', {})
      .then((f) => {
        download(f.filename, f.text);
        say(t('keysExported', f.filename));
      })
      .catch((e: unknown) => say(t('keysError', errorText(e)), true));
  });
  const importer = fileInput('key-import', t('keysImport'), async (text) => {
    try {
      show(await send('keys/import', { text }));
      say(t('keysImported'));
    } catch (e) {
      say(t('keysError', errorText(e)), true);
    }
  }, 10_000, () => say(t('keysError', t('keysFileTooLarge')), true));

  root.append(
    h('p', {}, t('keysIntro')),
    h('p', {}, t('keysFingerprintLabel'), ' ', fingerprint, ' ', created),
    h('p', { class: 'actions' }, exportBtn, ' ', importer),
    h('p', { class: 'hint' }, t('keysBackupWarning')),
    status,
  );
  show(await send('keys/get', {}));
  root.dataset.ready = 'true';
}
