/** Options page section #models. Placeholder: the issue that owns this section replaces this file. */
export function mountModels(root: HTMLElement): void {
  root.dataset.ready = 'true';
}
