/**
 * Publisher identity: a domain proof and a key revocation. A publisher proves a domain by serving
 * `https://<domain>/.well-known/license-lens.json` naming its key fingerprint; the builder checks the domains a
 * signed list claims (its publisher homepage and the host it is served from). A publisher revokes its own key by a
 * statement signed with that key: nobody else can remove its claims, and it cannot remove anybody else's.
 */
import * as v from 'valibot';
import { keyFingerprint, signBytes, signedBytes, verifyBytes, type KeyPairInfo } from '../list/index.js';
import { RevocationSchema, type Revocation } from './manifest.js';
import type { Checked } from './digest.js';

export const WELL_KNOWN_PATH = '/.well-known/license-lens.json';
export const WELL_KNOWN_FORMAT = 'license-lens/well-known';
export const MAX_WELL_KNOWN_BYTES = 64 * 1024;
export const REVOCATION_FORMAT = 'license-lens/revocation';

const WellKnownSchema = v.object({
  format: v.literal(WELL_KNOWN_FORMAT),
  keys: v.pipe(v.array(v.pipe(v.string(), v.regex(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/))), v.maxLength(100)),
});

/** The domains a publisher's signed list claims: its homepage's host and the host serving the list (https only). */
export function claimedDomains(listUrl: string, homepage?: string): string[] {
  const hosts = new Set<string>();
  for (const u of [listUrl, homepage]) {
    if (!u || !URL.canParse(u)) continue;
    const url = new URL(u);
    if (url.protocol === 'https:' && !url.port) hosts.add(url.hostname.toLowerCase());
  }
  return [...hosts].sort();
}

export function wellKnownUrl(domain: string): string {
  return `https://${domain}${WELL_KNOWN_PATH}`;
}

/** Whether a fetched well-known document names the key (its fingerprint as lists show it). */
export function wellKnownNames(text: string, keyFp: string): Checked<boolean> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const r = v.safeParse(WellKnownSchema, json);
  if (!r.success) return { ok: false, error: `not a ${WELL_KNOWN_FORMAT} document` };
  return { ok: true, value: r.output.keys.includes(keyFp) };
}

export function wellKnownDocument(keyFps: string[]): string {
  return `${JSON.stringify({ format: WELL_KNOWN_FORMAT, keys: keyFps }, null, 2)}\n`;
}

export async function signRevocation(key: Pick<KeyPairInfo, 'publicKey' | 'privateJwk'>, date: Date, reason?: string): Promise<Revocation> {
  const body = { format: REVOCATION_FORMAT, publicKey: key.publicKey, date: date.toISOString(), ...(reason ? { reason } : {}) } as const;
  return { ...body, signature: await signBytes(key.privateJwk, signedBytes(body)) };
}

/** A revocation statement: valid only when signed by the very key it revokes. */
export async function verifyRevocation(json: unknown): Promise<Checked<Revocation & { keyFingerprint: string }>> {
  const r = v.safeParse(RevocationSchema, json);
  if (!r.success) return { ok: false, error: 'not a license-lens/revocation statement' };
  let good = false;
  try {
    good = await verifyBytes(r.output.publicKey, r.output.signature, signedBytes(json));
  } catch {
    good = false;
  }
  if (!good) return { ok: false, error: 'the revocation is not signed by the key it revokes' };
  return { ok: true, value: { ...r.output, keyFingerprint: await keyFingerprint(r.output.publicKey) } };
}
