/**
 * Signing and verifying lists. A list's `signature` is an Ed25519 signature by `publisher.publicKey` over the
 * canonical encoding (canonical.ts) of the list without its `signature` member. A list is used only when its shape
 * is valid AND its signature verifies: one changed byte anywhere in the signed content rejects it.
 */
import * as v from 'valibot';
import { keyFingerprint, signBytes, verifyBytes, type KeyPairInfo } from './ed25519.js';
import { signedBytes, signedBytesSliced } from './canonical.js';
import { describeIssues, parseListSliced, UnsignedListSchema, type LicenseList, type ListDraft, type UnsignedList } from './schema.js';
import { tooLarge } from './text.js';

export { listText } from './text.js';

export type VerifyResult = { ok: true; list: LicenseList; keyFingerprint: string } | { ok: false; error: string };

/**
 * Signs a list with the given key; the key's public half becomes `publisher.publicKey`. Refuses an invalid list,
 * and one whose text would be over the size limit (text.ts), before signing.
 */
export async function signList(body: ListDraft, key: Pick<KeyPairInfo, 'publicKey' | 'privateJwk'>): Promise<LicenseList> {
  const withKey: UnsignedList = { ...body, publisher: { ...body.publisher, publicKey: key.publicKey } };
  const r = v.safeParse(UnsignedListSchema, withKey);
  if (!r.success) throw new Error(`invalid list: ${describeIssues(r.issues)}`);
  const unsigned = JSON.parse(JSON.stringify(withKey)) as UnsignedList; // drop undefined members, as JSON would
  const over = tooLarge(unsigned);
  if (over) throw new Error(over);
  const value = await signBytes(key.privateJwk, signedBytes(unsigned));
  return { ...(unsigned as LicenseList), signature: { alg: 'Ed25519', value } };
}

/**
 * Parses, validates and verifies list text. The error says which of the three failed, and where. Done in time
 * slices (parseListSliced, signedBytesSliced): a 180,000-work list took the background seconds in one piece.
 */
export async function verifyList(text: string): Promise<VerifyResult> {
  const parsed = await parseListSliced(text);
  if (!parsed.ok) return parsed;
  const { list, json } = parsed;
  let good = false;
  try {
    good = await verifyBytes(list.publisher.publicKey, list.signature.value, await signedBytesSliced(json));
  } catch (e) {
    return { ok: false, error: `signature could not be checked: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!good) return { ok: false, error: 'bad signature: the list was changed after it was signed, or not signed by publisher.publicKey' };
  return { ok: true, list, keyFingerprint: await keyFingerprint(list.publisher.publicKey) };
}
