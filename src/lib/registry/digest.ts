/** Content hashes: every registry file but the manifest is named and checked by its SHA-256 (WebCrypto, browser and Node). */
import { sha256Hex } from '../sha256.js';

export { sha256Hex };

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** Bytes whose SHA-256 must be the one the manifest (or the summary it authenticates) names. */
export async function checkHash(bytes: Uint8Array, expectedSha256: string, what: string): Promise<Checked<Uint8Array>> {
  const got = await sha256Hex(bytes);
  if (got !== expectedSha256) return { ok: false, error: `${what} does not match its content hash (modified or corrupt): refused` };
  return { ok: true, value: bytes };
}
