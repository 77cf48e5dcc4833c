/**
 * Throwaway registry databases for unit tests (fake-indexeddb): every name is unique, and every database named
 * through here is deleted after each test. Eight storage test files wrote this setup out for themselves.
 * Call it at the top level of a test file, before that file's own `afterEach` hooks: vitest runs `afterEach`
 * hooks in reverse order, so a file's hook that closes its databases runs before they are deleted.
 */
import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { openRegistry } from '../../../src/storage/db.js';

export function scratchDbs(prefix: string) {
  const names: string[] = [];
  afterEach(() => {
    for (const n of names.splice(0)) indexedDB.deleteDatabase(n);
  });
  /** A new database name, deleted after the test. */
  const name = () => {
    const n = `${prefix}-${names.length}-${Math.random()}`;
    names.push(n);
    return n;
  };
  /** A new database, opened at `version` (the current schema by default). */
  const open = (version?: number) => openRegistry(name(), version);
  return { name, open };
}
