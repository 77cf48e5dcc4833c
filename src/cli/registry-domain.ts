/**
 * The builder's domain check: https://<domain>/.well-known/license-lens.json, fetched with no redirect (a proof
 * must come from the domain itself), no credentials, 10 s and 64 KB at most.
 */
import { MAX_WELL_KNOWN_BYTES, wellKnownNames, wellKnownUrl, type Checked } from '../lib/registry/index.js';
import { readCapped } from '../lib/read-capped.js';

export async function checkDomainOnline(domain: string, keyFp: string): Promise<Checked<boolean>> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 10_000);
  try {
    const res = await fetch(wellKnownUrl(domain), { redirect: 'error', credentials: 'omit', signal: ctrl.signal });
    if (!res.ok) return { ok: false, error: `HTTP ${res.status}` };
    const bytes = res.body ? await readCapped(res.body, MAX_WELL_KNOWN_BYTES) : new Uint8Array(await res.arrayBuffer());
    if (!bytes) return { ok: false, error: `larger than ${MAX_WELL_KNOWN_BYTES} bytes` };
    return wellKnownNames(new TextDecoder().decode(bytes), keyFp);
  } catch (e) {
    return { ok: false, error: ctrl.signal.aborted ? 'no answer within 10 s' : `not reachable (${e instanceof Error ? e.message : String(e)})` };
  } finally {
    clearTimeout(timer);
  }
}
