/**
 * Options page section #backup: one file with everything (registrations, thumbnails, signing key, subscriptions
 * with their lists, settings), and restoring it. Restoring replaces everything stored now, so choosing a file
 * only shows what it holds; a second button restores it.
 */
import { send } from '../messaging.js';
import { type BackupCounts, MAX_BACKUP_BYTES } from '../lib/protocol/index.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { download, errorText, fileInput } from './list-files.js';

const summary = (c: BackupCounts) => t('backupCounts', [String(c.works), String(c.models), String(c.subscriptions), String(c.registries)]);

export function mountBackup(root: HTMLElement): void {
  const status = h('p', { id: 'backup-status', role: 'status' });
  const say = (text: string, state: 'ok' | 'error' | 'busy') => {
    status.textContent = text;
    status.className = state === 'error' ? 'error' : '';
    status.setAttribute('role', state === 'error' ? 'alert' : 'status');
    root.dataset.state = state;
  };

  const exportBtn = h('button', { type: 'button', id: 'backup-export' }, t('backupExport'));
  exportBtn.addEventListener('click', () => {
    say(t('backupWorking'), 'busy');
    send('backup/export', {})
      .then((f) => {
        download(f.filename, f.text);
        say(t('backupExported', [f.filename, summary(f.counts)]), 'ok');
      })
      .catch((e: unknown) => say(t('backupError', errorText(e)), 'error'));
  });

  let chosen: string | undefined;
  const restoreBtn = h('button', { type: 'button', id: 'backup-restore', disabled: true }, t('backupRestore'));
  const picker = fileInput('backup-file', t('backupChoose'), async (text, name) => {
    chosen = text;
    restoreBtn.disabled = false;
    say(t('backupChosen', name), 'ok');
  }, MAX_BACKUP_BYTES, () => say(t('backupError', t('backupTooLarge')), 'error'));
  restoreBtn.addEventListener('click', () => {
    if (chosen === undefined) return;
    const text = chosen;
    chosen = undefined;
    restoreBtn.disabled = true;
    say(t('backupWorking'), 'busy');
    send('backup/restore', { text })
      // The other sections show what was stored before: reload so every one of them reads the restored state.
      .then((c) => {
        say(t('backupRestored', summary(c)), 'ok');
        setTimeout(() => location.reload(), 1500);
      })
      .catch((e: unknown) => say(t('backupError', errorText(e)), 'error'));
  });

  root.append(
    h('p', {}, t('backupIntro')),
    h('p', { class: 'actions' }, exportBtn),
    h('p', { class: 'hint' }, t('backupSecretWarning')),
    h('p', { class: 'actions' }, picker, ' ', restoreBtn),
    h('p', { class: 'hint' }, t('backupReplaceWarning')),
    status,
  );
  root.dataset.ready = 'true';
}
