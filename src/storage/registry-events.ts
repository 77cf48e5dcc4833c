/**
 * One listener told after every write to the registry stores (creators, models, works), committed or rolled back:
 * the background's matcher (background/state.ts) drops its cache from here, so no caller has to remember to. The
 * writers are replaceSource/removeSource and the bounded add/remove of large lists (registry.ts), the own-registry writes (own.ts) and restoreBackup.
 */
let listener: () => void = () => undefined;

export function onRegistryWritten(fn: () => void): void {
  listener = fn;
}

/** Runs a registry write, then tells the listener (also when it failed: a rebuild costs less than a stale matcher). */
export async function writingRegistry<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } finally {
    listener();
  }
}
