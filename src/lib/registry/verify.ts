/**
 * Signing and checking what a registry host serves. The manifest must be signed by the registry key the user
 * added (not merely by the key it names), and its edition must be above the one kept: a forged, re-signed or
 * rolled-back manifest is refused and the previous edition stays. Every other file is checked by its SHA-256,
 * which the signed manifest (or a file it authenticates) names: a modified shard is refused.
 */
import * as v from 'valibot';
import { signBytes, signedBytes, verifyBytes, type KeyPairInfo } from '../list/index.js';
import type { Checked } from './digest.js';
import { ManifestSchema, manifestIssues, MAX_MANIFEST_BYTES, UnsignedManifestSchema, type RegistryManifest, type UnsignedManifest } from './manifest.js';

export { checkHash, sha256Hex, type Checked } from './digest.js';

export async function signManifest(body: UnsignedManifest, key: Pick<KeyPairInfo, 'publicKey' | 'privateJwk'>): Promise<RegistryManifest> {
  const withKey = { ...body, registryKey: key.publicKey };
  const r = v.safeParse(UnsignedManifestSchema, withKey);
  if (!r.success) throw new Error(manifestIssues(r.issues));
  const value = await signBytes(key.privateJwk, signedBytes(withKey));
  return { ...withKey, signature: { alg: 'Ed25519', value } };
}

/**
 * Checks manifest bytes: size, JSON, shape, that `registryKey` is the trusted key, the signature over the canonical
 * form, and no rollback (`previousEdition`: the edition held now; an equal edition is accepted, a re-download: the caller
 * keeps what it holds when the summary hashes are the same).
 */
export async function verifyManifest(bytes: Uint8Array, trustedRegistryKey: string, previousEdition?: number): Promise<Checked<RegistryManifest>> {
  if (bytes.byteLength > MAX_MANIFEST_BYTES) return { ok: false, error: `the manifest is larger than ${MAX_MANIFEST_BYTES / 1048576} MB` };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, error: 'the manifest is not JSON text' };
  }
  const r = v.safeParse(ManifestSchema, json);
  if (!r.success) return { ok: false, error: manifestIssues(r.issues) };
  const m = r.output;
  if (m.registryKey !== trustedRegistryKey) return { ok: false, error: 'the manifest is signed by another key than this registry\'s' };
  let good = false;
  try {
    good = await verifyBytes(trustedRegistryKey, m.signature.value, signedBytes(json));
  } catch {
    good = false;
  }
  if (!good) return { ok: false, error: 'bad signature: the manifest was changed after it was signed' };
  if (previousEdition !== undefined && m.edition < previousEdition) {
    return { ok: false, error: `edition ${m.edition} is older than the edition ${previousEdition} already held: a rollback is refused` };
  }
  return { ok: true, value: m };
}
