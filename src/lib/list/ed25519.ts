/**
 * Ed25519 signing keys through WebCrypto, the same code in the extension (Chrome 137+, Firefox 129+) and in Node 20
 * (globalThis.crypto.subtle). Keys travel as a small JSON backup file holding the private key as a JWK; the public
 * key is shown and published as the raw 32 bytes in base64url, and people compare keys by a short fingerprint.
 */
import * as v from 'valibot';
import { fromBase64url, toBase64url } from '../base64url.js';

export const KEY_BACKUP_FORMAT = 'license-lens/key';
const ALG = { name: 'Ed25519' } as const;

export interface KeyPairInfo {
  /** Raw 32-byte public key, base64url without padding: what a list's `publisher.publicKey` holds. */
  publicKey: string;
  /** The private key as a JWK (kty OKP, crv Ed25519, with `d`). Never leaves the secrets store except by export. */
  privateJwk: JsonWebKey;
  created: string;
}

export async function generateKeyPair(now = new Date()): Promise<KeyPairInfo> {
  const pair = (await crypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return { publicKey: toBase64url(raw), privateJwk: { kty: privateJwk.kty, crv: privateJwk.crv, x: privateJwk.x, d: privateJwk.d }, created: now.toISOString() };
}

export async function importPublicKey(publicKey: string): Promise<CryptoKey> {
  const raw = fromBase64url(publicKey);
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return crypto.subtle.importKey('raw', raw as BufferSource, ALG, false, ['verify']);
}

export function importPrivateKey(jwk: JsonWebKey): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, ALG, false, ['sign']);
}

/** Short form for people to compare: the first 16 bytes of SHA-256 over the raw public key, as 8 groups of 4 hex. */
export async function keyFingerprint(publicKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', fromBase64url(publicKey) as BufferSource));
  const hex = Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  return hex.match(/.{4}/g)!.join(' ');
}

export async function signBytes(privateJwk: JsonWebKey, data: Uint8Array): Promise<string> {
  const key = await importPrivateKey(privateJwk);
  return toBase64url(new Uint8Array(await crypto.subtle.sign(ALG, key, data as BufferSource)));
}

export async function verifyBytes(publicKey: string, signature: string, data: Uint8Array): Promise<boolean> {
  let sig: Uint8Array;
  try {
    sig = fromBase64url(signature);
  } catch {
    return false;
  }
  if (sig.length !== 64) return false;
  return crypto.subtle.verify(ALG, await importPublicKey(publicKey), sig as BufferSource, data as BufferSource);
}

const b64url = (bytes: number) => v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/, 'must be base64url'), v.length(Math.ceil((bytes * 4) / 3), `must encode ${bytes} bytes`));

export const KeyBackupSchema = v.object({
  format: v.literal(KEY_BACKUP_FORMAT),
  formatVersion: v.literal(1),
  created: v.pipe(v.string(), v.maxLength(40)),
  publicKey: b64url(32),
  privateKey: v.object({ kty: v.literal('OKP'), crv: v.literal('Ed25519'), x: b64url(32), d: b64url(32) }),
});
export type KeyBackup = v.InferOutput<typeof KeyBackupSchema>;

export function toBackup(k: KeyPairInfo): KeyBackup {
  return {
    format: KEY_BACKUP_FORMAT,
    formatVersion: 1,
    created: k.created,
    publicKey: k.publicKey,
    privateKey: { kty: 'OKP', crv: 'Ed25519', x: k.publicKey, d: String(k.privateJwk.d) },
  };
}

/** Reads a key backup file; refuses one whose private key does not belong to its public key. */
export async function fromBackup(text: string): Promise<KeyPairInfo> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('the key file is not valid JSON');
  }
  const r = v.safeParse(KeyBackupSchema, json);
  if (!r.success) {
    const i = r.issues[0]!;
    throw new Error(`not a License Lens key file: ${v.getDotPath(i) ?? ''} ${i.message}`.trim());
  }
  const b = r.output;
  if (b.privateKey.x !== b.publicKey) throw new Error('the key file names two different public keys');
  const info: KeyPairInfo = { publicKey: b.publicKey, privateJwk: b.privateKey, created: b.created };
  const probe = new TextEncoder().encode('license-lens key check');
  let ok = false;
  try {
    ok = await verifyBytes(b.publicKey, await signBytes(b.privateKey, probe), probe);
  } catch {
    ok = false;
  }
  if (!ok) throw new Error('the private key in the file does not match its public key');
  return info;
}
