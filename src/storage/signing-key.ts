/** The creator's signing key, in the `secrets` store: made on first use, replaced only by an explicit import. */
import { generateKeyPair, type KeyPairInfo } from '../lib/list/index.js';
import type { RegistryDB } from './db.js';

const SIGNING_KEY = 'signingKey';

export async function readSigningKey(db: RegistryDB): Promise<KeyPairInfo | undefined> {
  return (await db.get('secrets', SIGNING_KEY)) as KeyPairInfo | undefined;
}

/** The stored key, or a new one stored now. Two callers racing both end up with the one that was stored first. */
export async function signingKey(db: RegistryDB): Promise<KeyPairInfo> {
  const have = await readSigningKey(db);
  if (have) return have;
  const fresh = await generateKeyPair();
  const tx = db.transaction('secrets', 'readwrite');
  const raced = (await tx.store.get(SIGNING_KEY)) as KeyPairInfo | undefined;
  if (!raced) await tx.store.put(fresh, SIGNING_KEY);
  await tx.done;
  return raced ?? fresh;
}

export async function writeSigningKey(db: RegistryDB, key: KeyPairInfo): Promise<void> {
  await db.put('secrets', key, SIGNING_KEY);
}
