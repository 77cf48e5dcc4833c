/**
 * `license-lens registry build`, the part without files or network: verified lists in, one edition out. Lists are
 * taken one at a time (packs written at once), so memory holds the key entries and the publisher records only.
 * The same lists in the same order give byte-identical packs, shards and summary.
 */
import { keyFingerprint, verifyList, type KeyPairInfo } from '../list/index.js';
import { claimedDomains, verifyRevocation } from './identity.js';
import { KeyEntries, packList, type PackState, type WriteFile } from './build-packs.js';
import { writeLayer } from './build-shards.js';
import { REGISTRY_FORMAT, REGISTRY_FORMAT_VERSION, type KeyPlan, type PublisherRecord, type RegistryManifest, type Revocation } from './manifest.js';
import { sha256Hex, signManifest, type Checked } from './verify.js';

export const DEFAULT_KEY_PLAN: KeyPlan = { minBits: 4, crops: true, filterBits: 12 };

export interface BuildInput {
  /** What the report calls it: a file path or a URL. */
  source: string;
  /** The list text, or why it could not be had (a failed download). */
  text: string | { error: string };
  listUrl?: string;
}
export interface BuildOptions {
  name: string;
  key: Pick<KeyPairInfo, 'publicKey' | 'privateJwk'>;
  created: Date;
  plan?: KeyPlan;
  previous?: RegistryManifest;
  /** Revocation statements as parsed JSON; each must be signed by the key it revokes. */
  revocations?: readonly unknown[];
  /** Whether https://<domain>/.well-known/license-lens.json names the key fingerprint (network: the caller's). */
  checkDomain?: (domain: string, keyFingerprint: string) => Promise<Checked<boolean>>;
}
export interface BuildReport {
  edition: number;
  published: { source: string; publisher: string; keyFingerprint: string; works: number; verifiedDomains: string[] }[];
  skipped: { source: string; reason: string }[];
  domains: { publisher: string; domain: string; verified: boolean; reason?: string }[];
  revoked: { keyFingerprint: string; date: string }[];
  counts: RegistryManifest['counts'];
  summaryBytes: number;
  largestShardBytes: number;
}

export async function buildRegistry(inputs: Iterable<BuildInput> | AsyncIterable<BuildInput>, opts: BuildOptions, write: WriteFile): Promise<{ manifest: RegistryManifest; report: BuildReport }> {
  const plan = opts.plan ?? DEFAULT_KEY_PLAN;
  const created = opts.created.toISOString();
  const edition = (opts.previous?.edition ?? 0) + 1;
  const report: Omit<BuildReport, 'counts' | 'summaryBytes' | 'largestShardBytes'> = { edition, published: [], skipped: [], domains: [], revoked: [] };
  const revocations = new Map<string, Revocation>((opts.previous?.revocations ?? []).map((r) => [r.publicKey, r]));
  for (const json of opts.revocations ?? []) {
    const r = await verifyRevocation(json);
    if (!r.ok) report.skipped.push({ source: 'revocation', reason: r.error });
    else if (!revocations.has(r.value.publicKey)) {
      const { format, publicKey, date, reason, signature } = r.value;
      revocations.set(publicKey, { format, publicKey, date, ...(reason ? { reason } : {}), signature });
    }
  }
  const earlier = new Map((opts.previous?.publishers ?? []).map((p) => [p.publicKey, p.firstRegistered]));
  const state: PackState = { plan, write, entries: new KeyEntries(), packHashes: [], fingerprints: 0, works: 0 };
  const publishers: PublisherRecord[] = [];
  for await (const input of inputs) {
    if (typeof input.text !== 'string') {
      report.skipped.push({ source: input.source, reason: input.text.error });
      continue;
    }
    const v = await verifyList(input.text);
    if (!v.ok) {
      report.skipped.push({ source: input.source, reason: v.error });
      continue;
    }
    const { list, keyFingerprint: keyFp } = v;
    const revoked = revocations.get(list.publisher.publicKey);
    const listBytes = new TextEncoder().encode(input.text);
    const listSha256 = await sha256Hex(listBytes);
    if (revoked) {
      report.skipped.push({ source: input.source, reason: `the publisher revoked its key on ${revoked.date}: its works leave the registry` });
      publishers.push({ id: publishers.length, name: list.publisher.name, publicKey: list.publisher.publicKey, keyFingerprint: keyFp, listSha256, listId: list.id, listVersion: list.version, works: 0, fingerprints: 0, firstRegistered: earlier.get(list.publisher.publicKey) ?? created, verifiedDomains: [], revoked: revoked.date });
      continue;
    }
    await write(`lists/${listSha256}.json`, listBytes);
    const verifiedDomains: string[] = [];
    for (const domain of claimedDomains(input.listUrl ?? '', list.publisher.homepage)) {
      const r = opts.checkDomain ? await opts.checkDomain(domain, keyFp) : { ok: false as const, error: 'not checked' };
      const verified = r.ok && r.value;
      if (verified) verifiedDomains.push(domain);
      report.domains.push({ publisher: list.publisher.name, domain, verified, ...(verified ? {} : { reason: r.ok ? 'the well-known file does not name this key' : r.error }) });
    }
    const before = { works: state.works, fingerprints: state.fingerprints };
    const id = publishers.length;
    await packList(state, id, list);
    publishers.push({
      id,
      name: list.publisher.name,
      publicKey: list.publisher.publicKey,
      keyFingerprint: keyFp,
      listSha256,
      ...(input.listUrl ? { listUrl: input.listUrl } : {}),
      listId: list.id,
      listVersion: list.version,
      works: state.works - before.works,
      fingerprints: state.fingerprints - before.fingerprints,
      firstRegistered: earlier.get(list.publisher.publicKey) ?? created,
      verifiedDomains,
    });
    report.published.push({ source: input.source, publisher: list.publisher.name, keyFingerprint: keyFp, works: state.works - before.works, verifiedDomains });
  }
  const built = await writeLayer(0, plan, state.entries, state.packHashes, state.works, write);
  const counts = { publishers: publishers.length, works: state.works, fingerprints: state.fingerprints, shards: built.shards, packs: state.packHashes.length };
  const manifest = await signManifest(
    {
      format: REGISTRY_FORMAT,
      formatVersion: REGISTRY_FORMAT_VERSION,
      name: opts.name,
      edition,
      created,
      registryKey: opts.key.publicKey,
      keyPlan: plan,
      publishers,
      revocations: [...revocations.values()].sort((a, b) => (a.publicKey < b.publicKey ? -1 : 1)),
      layers: [built.layer],
      counts,
    },
    opts.key,
  );
  await write('manifest.json', new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`));
  for (const r of manifest.revocations) report.revoked.push({ keyFingerprint: await keyFingerprint(r.publicKey), date: r.date });
  return { manifest, report: { ...report, counts, summaryBytes: built.summaryBytes, largestShardBytes: built.largestShardBytes } };
}
