/** The key-value storage the tab results and presence lists are kept in: storage.session in the extension, a Map in tests. */
export interface StorageArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}
