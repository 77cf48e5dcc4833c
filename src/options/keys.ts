/** Options page section #keys. Placeholder: the issue that owns this section replaces this file. */
export function mountKeys(root: HTMLElement): void {
  root.dataset.ready = 'true';
}
