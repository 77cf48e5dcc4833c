/** Options page section #lists. Placeholder: the issue that owns this section replaces this file. */
export function mountLists(root: HTMLElement): void {
  root.dataset.ready = 'true';
}
