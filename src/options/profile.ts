/** Options page section #profile. Placeholder: the issue that owns this section replaces this file. */
export function mountProfile(root: HTMLElement): void {
  root.dataset.ready = 'true';
}
