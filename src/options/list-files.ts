/** Saving and reading the JSON files of the #keys and #lists sections (key backups, signed lists). */
import { h } from '../ui/dom.js';

export { download } from '../ui/download.js';

/**
 * A file input that hands each chosen file's text to `onText` and clears itself, so the same file can be chosen
 * again. A file over `maxBytes` is refused from its size, before anything is read.
 */
export function fileInput(id: string, label: string, onText: (text: string, name: string) => Promise<void>, maxBytes: number, onTooLarge: () => void): HTMLElement {
  const input = h('input', { type: 'file', id, accept: '.json,application/json' });
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file) return;
    if (file.size > maxBytes) {
      input.value = '';
      onTooLarge();
      return;
    }
    void file
      .text()
      .then((text) => onText(text, file.name))
      .finally(() => (input.value = ''));
  });
  return h('label', { class: 'file' }, label, ' ', input);
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
