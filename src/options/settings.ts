/** Options page section #settings. Placeholder: the issue that owns this section replaces this file. */
export function mountSettings(root: HTMLElement): void {
  root.dataset.ready = 'true';
}
