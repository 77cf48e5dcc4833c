/**
 * Every registry write tells the lookups (registry-lookup.ts holds decoded editions in memory): the next page
 * image reads the new edition, switches and removals at once, in this background; a new background reads storage.
 */
const listeners = new Set<() => void>();

export function onRegistriesChanged(fn: () => void): void {
  listeners.add(fn);
}

export function registriesChanged(): void {
  for (const fn of listeners) fn();
}
