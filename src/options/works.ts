/** Options page section #works. Placeholder: the issue that owns this section replaces this file. */
export function mountWorks(root: HTMLElement): void {
  root.dataset.ready = 'true';
}
