import { describe, expect, it } from 'vitest';
import { generateKeyPair, signBytes, signedBytes } from '../../src/lib/list/index.js';
import { loadSummary, lookupQuery, MAX_MANIFEST_BYTES, verifyManifest, verifyPack, verifyShard } from '../../src/lib/registry/index.js';
import { build, fingerprint, listText } from './helpers/registry-fixtures.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function registry() {
  const a = await generateKeyPair();
  return build([{ source: 'a', text: await listText(a, 'Ann', [1, 2, 3]) }]);
}

describe('registry manifest verification', () => {
  it('accepts the manifest signed by the trusted key, at a newer or the same edition', async () => {
    const { host, key } = await registry();
    const bytes = host.files.get('manifest.json')!;
    expect(await verifyManifest(bytes, key.publicKey)).toMatchObject({ ok: true, value: { edition: 1 } });
    expect((await verifyManifest(bytes, key.publicKey, 1)).ok).toBe(true);
  });

  it('refuses a manifest changed after signing', async () => {
    const { host, key } = await registry();
    const json = JSON.parse(new TextDecoder().decode(host.files.get('manifest.json')!));
    json.publishers[0].verifiedDomains = ['ann.example'];
    expect(await verifyManifest(utf8(JSON.stringify(json)), key.publicKey)).toEqual({ ok: false, error: expect.stringMatching(/bad signature/) });
  });

  it('refuses a manifest re-signed by another key, even one naming itself', async () => {
    const { host, key } = await registry();
    const other = await generateKeyPair();
    const json = JSON.parse(new TextDecoder().decode(host.files.get('manifest.json')!));
    json.registryKey = other.publicKey;
    json.signature.value = await signBytes(other.privateJwk, signedBytes(json));
    expect(await verifyManifest(utf8(JSON.stringify(json)), key.publicKey)).toEqual({ ok: false, error: expect.stringMatching(/another key/) });
    expect((await verifyManifest(utf8(JSON.stringify(json)), other.publicKey)).ok).toBe(true);
  });

  it('refuses a rollback to an older edition', async () => {
    const { host, key } = await registry();
    expect(await verifyManifest(host.files.get('manifest.json')!, key.publicKey, 2)).toEqual({ ok: false, error: expect.stringMatching(/older than the edition 2.*rollback/) });
  });

  it('reads format 3 (a fuse filter per range), 2 (one fuse filter) and 1 (Bloom), refuses a later format and a key plan that does not fit its format', async () => {
    const { host, key } = await registry();
    const json = JSON.parse(new TextDecoder().decode(host.files.get('manifest.json')!));
    expect(json).toMatchObject({ formatVersion: 3, keyPlan: { filterBits: 12 } });
    const resigned = async (edit: (m: typeof json) => void) => {
      const m = structuredClone(json);
      edit(m);
      m.signature.value = await signBytes(key.privateJwk, signedBytes(m));
      return verifyManifest(utf8(JSON.stringify(m)), key.publicKey);
    };
    expect(await resigned((m) => (m.formatVersion = 4))).toEqual({ ok: false, error: expect.stringMatching(/formatVersion must be 1, 2 or 3: this License Lens reads no other/) });
    expect((await resigned((m) => (m.formatVersion = 2))).ok).toBe(true);
    expect(await resigned((m) => (m.formatVersion = 1))).toEqual({ ok: false, error: expect.stringMatching(/keyPlan must name bitsPerKey and hashes \(format 1\)/) });
    expect((await resigned((m) => Object.assign(m, { formatVersion: 1, keyPlan: { minBits: 4, crops: true, bitsPerKey: 16, hashes: 11 } }))).ok).toBe(true);
  });

  it('refuses garbage and a huge manifest with a clear message', async () => {
    const { key } = await registry();
    expect(await verifyManifest(utf8('<html>'), key.publicKey)).toEqual({ ok: false, error: 'the manifest is not JSON text' });
    expect(await verifyManifest(utf8('{"format":"x"}'), key.publicKey)).toEqual({ ok: false, error: expect.stringMatching(/^invalid registry manifest: format/) });
    expect(await verifyManifest(new Uint8Array(MAX_MANIFEST_BYTES + 1), key.publicKey)).toEqual({ ok: false, error: expect.stringMatching(/larger than 8 MB/) });
  });
});

describe('registry shard and pack verification', () => {
  it('refuses a modified shard or pack, and a lookup through one fails instead of answering', async () => {
    const { host, manifest } = await registry();
    const summary = await loadSummary(manifest, host.get);
    const q = { fingerprint: fingerprint(2), quality: 80 };
    const { requests } = await lookupQuery(manifest, 'r', summary, q, host.get);
    const [shardPath, packPath] = requests;
    const hashOf = (p: string) => p.slice(p.indexOf('/') + 1, -'.json'.length);
    expect((await verifyShard(host.files.get(shardPath!)!, hashOf(shardPath!))).ok).toBe(true);
    const tampered = utf8(new TextDecoder().decode(host.files.get(shardPath!)!).replace('"bucket":', '"bucket": '));
    expect(await verifyShard(tampered, hashOf(shardPath!))).toEqual({ ok: false, error: expect.stringMatching(/does not match its content hash/) });
    const pack = new TextDecoder().decode(host.files.get(packPath!)!).replace(fingerprint(2), fingerprint(9));
    expect((await verifyPack(utf8(pack), hashOf(packPath!))).ok).toBe(false);
    host.files.set(shardPath!, tampered);
    await expect(lookupQuery(manifest, 'r', summary, q, host.get)).rejects.toThrow(/content hash/);
  });

  it('refuses a never-ending shard by its size, before hashing or parsing', async () => {
    expect(await verifyShard(new Uint8Array(3 * 1024 * 1024), '0'.repeat(64))).toEqual({ ok: false, error: 'the shard is larger than 2 MB' });
  });
});
