/**
 * `license-lens registry build`, the part without files or network: verified lists in, one edition out. Lists are
 * taken one at a time (packs written at once, key entries spilled by bucket range), so memory holds a bounded
 * buffer, one bucket range (its entries, its distinct keys and its summary filter) and the publisher records.
 * The same lists in the same order give byte-identical packs, shards and summary.
 */
import { keyFingerprint, verifyList, type KeyPairInfo } from '../list/index.js';
import { claimedDomains, verifyRevocation } from './identity.js';
import { KeyEntries, memorySpill, packList, type PackState, type SpillStore, type WriteFile } from './build-packs.js';
import { writeLayer } from './build-shards.js';
import type { LayerOutput, WriteParts } from './build-shards.js';
import { assertDeltaFits, newWorks, nextLayerId, type PreviousEdition } from './build-delta.js';
import { REGISTRY_FORMAT, REGISTRY_FORMAT_VERSION, type KeyPlan, type PublisherRecord, type RegistryManifest, type Revocation } from './manifest.js';
import { sha256Hex, signManifest, type Checked } from './verify.js';

/** Exact words only (`probeFlips` 0): neighbour keys buy agreement at a request and privacy cost a browser should not pay by default (docs/registry.md, "Chosen point"). */
export const DEFAULT_KEY_PLAN: KeyPlan = { minBits: 4, crops: true, filterBits: 12 };

/**
 * The plan for a registry whose query also asks for every word within `probeFlips` bits of its own: 0 is the default;
 * 1 and 2 buy agreement with a local list for more requests (docs/registry.md), each step with 4 more filter bits so
 * the many more query keys still pass the local filter by chance rarely. `detailBits`: also key the works' detail
 * keys in blocks of that many bits (keys.ts; absent: not keyed).
 */
/** The `detailBits` a key plan may ask for (docs/registry.md: fewer bits fill their buckets, more miss copies). */
export const DETAIL_BITS_MIN = 16;
export const DETAIL_BITS_MAX = 24;

export function keyPlanFor(probeFlips: number, detailBits?: number): KeyPlan {
  if (!Number.isInteger(probeFlips) || probeFlips < 0 || probeFlips > 2) throw new RangeError('probeFlips must be 0, 1 or 2');
  if (detailBits !== undefined && (!Number.isInteger(detailBits) || detailBits < DETAIL_BITS_MIN || detailBits > DETAIL_BITS_MAX)) throw new RangeError(`detailBits must be ${DETAIL_BITS_MIN} to ${DETAIL_BITS_MAX}`);
  const plan = probeFlips ? { ...DEFAULT_KEY_PLAN, filterBits: (DEFAULT_KEY_PLAN.filterBits ?? 12) + 4 * probeFlips, probeFlips } : DEFAULT_KEY_PLAN;
  return detailBits === undefined ? plan : { ...plan, detailBits };
}

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
  /** The previous edition's manifest: continues the edition count, first-registered dates and revocations. */
  previous?: RegistryManifest;
  /** Build a delta on this edition (its folder holds the new one too) instead of a new base layer; its manifest is also `previous`. */
  delta?: PreviousEdition;
  /** Revocation statements as parsed JSON; each must be signed by the key it revokes. */
  revocations?: readonly unknown[];
  /** Whether https://<domain>/.well-known/license-lens.json names the key fingerprint (network: the caller's). */
  checkDomain?: (domain: string, keyFingerprint: string) => Promise<Checked<boolean>>;
  /** Where key entries spill by bucket range (the CLI: temp files); memory when omitted. */
  spill?: SpillStore;
  /** Key entries held before a spill (tests: a small number spills often). */
  spillEvery?: number;
  /** Writes the summary file as it is read back, part by part (the CLI), instead of whole. */
  writeParts?: WriteParts;
  /** Keys a summary range's filter aims at (default 2^20; tests: a small number gives many ranges). */
  rangeKeys?: number;
  /** Where the summary ranges' shards and filters are made (the CLI: worker threads, src/cli/registry-threads.ts); default: here, one at a time. */
  ranges?: LayerOutput['ranges'];
  /** SHA-256 of packs and shards as hex (the CLI: node:crypto, synchronous); default: WebCrypto. */
  sha256?: LayerOutput['sha256'];
}
export interface BuildReport {
  edition: number;
  /** full: one new base layer; delta: the previous layers and one layer of the works they lack (build-delta.ts). */
  kind: 'full' | 'delta';
  /** works: the list's; newWorks: those this edition's new layer holds (all of them in a full build). */
  published: { source: string; publisher: string; keyFingerprint: string; works: number; newWorks: number; verifiedDomains: string[] }[];
  /** Delta: previous publishers not among this build's inputs, whose works stay in the previous layers. */
  kept: string[];
  skipped: { source: string; reason: string }[];
  domains: { publisher: string; domain: string; verified: boolean; reason?: string }[];
  revoked: { keyFingerprint: string; date: string }[];
  counts: RegistryManifest['counts'];
  /** Every layer's summary: what a client holds. */
  summaryBytes: number;
  /** The new layer's summary: what a client holding the previous edition downloads (0: no new layer). */
  newSummaryBytes: number;
  largestShardBytes: number;
}

export async function buildRegistry(inputs: Iterable<BuildInput> | AsyncIterable<BuildInput>, opts: BuildOptions, write: WriteFile): Promise<{ manifest: RegistryManifest; report: BuildReport }> {
  const plan = opts.plan ?? DEFAULT_KEY_PLAN;
  const created = opts.created.toISOString();
  const last = opts.delta?.manifest ?? opts.previous;
  const edition = (last?.edition ?? 0) + 1;
  const report: Omit<BuildReport, 'kind' | 'kept' | 'counts' | 'summaryBytes' | 'newSummaryBytes' | 'largestShardBytes'> = { edition, published: [], skipped: [], domains: [], revoked: [] };
  const revocations = new Map<string, Revocation>((last?.revocations ?? []).map((r) => [r.publicKey, r]));
  for (const json of opts.revocations ?? []) {
    const r = await verifyRevocation(json);
    if (!r.ok) report.skipped.push({ source: 'revocation', reason: r.error });
    else if (!revocations.has(r.value.publicKey)) {
      const { format, publicKey, date, reason, signature } = r.value;
      revocations.set(publicKey, { format, publicKey, date, ...(reason ? { reason } : {}), signature });
    }
  }
  const earlier = new Map((last?.publishers ?? []).map((p) => [p.publicKey, p.firstRegistered]));
  const state: PackState = { plan, write, entries: new KeyEntries(opts.spill ?? memorySpill(), opts.spillEvery), packHashes: [], fingerprints: 0, works: 0, sha256: opts.sha256 };
  // A delta keeps the previous publishers (and their ids, which the previous packs name); a full build starts empty.
  const base = opts.delta;
  if (base) assertDeltaFits(base.manifest, plan);
  const publishers: PublisherRecord[] = base ? base.manifest.publishers.map((p) => ({ ...p })) : [];
  const seen = new Set<number>();
  const place = (rec: Omit<PublisherRecord, 'id'>): number => {
    const prev = base ? publishers.find((p) => p.publicKey === rec.publicKey && p.listId === rec.listId && !seen.has(p.id)) : undefined;
    const id = prev?.id ?? publishers.length;
    publishers[id] = { id, ...rec };
    seen.add(id);
    return id;
  };
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
    const who = { name: list.publisher.name, publicKey: list.publisher.publicKey, keyFingerprint: keyFp, listSha256, listId: list.id, listVersion: list.version, firstRegistered: earlier.get(list.publisher.publicKey) ?? created };
    if (revoked) {
      report.skipped.push({ source: input.source, reason: `the publisher revoked its key on ${revoked.date}: its works leave the registry` });
      place({ ...who, works: 0, fingerprints: 0, verifiedDomains: [], revoked: revoked.date });
      continue;
    }
    const previous = base?.manifest.publishers.find((p) => p.publicKey === who.publicKey && p.listId === who.listId && !seen.has(p.id));
    // Before anything is written: a list that dropped or changed a work stops the delta here.
    const works = !base || !previous ? list.works : previous.listSha256 === listSha256 ? [] : await newWorks(base, previous, list);
    await write(`lists/${listSha256}.json`, listBytes);
    const verifiedDomains: string[] = [];
    for (const domain of claimedDomains(input.listUrl ?? '', list.publisher.homepage)) {
      const r = opts.checkDomain ? await opts.checkDomain(domain, keyFp) : { ok: false as const, error: 'not checked' };
      const verified = r.ok && r.value;
      if (verified) verifiedDomains.push(domain);
      report.domains.push({ publisher: list.publisher.name, domain, verified, ...(verified ? {} : { reason: r.ok ? 'the well-known file does not name this key' : r.error }) });
    }
    const id = place({ ...who, ...(input.listUrl ? { listUrl: input.listUrl } : {}), works: list.works.length, fingerprints: list.works.reduce((n, w) => n + w.fingerprints.length, 0), verifiedDomains });
    const before = state.works;
    await packList(state, id, { ...list, works });
    report.published.push({ source: input.source, publisher: list.publisher.name, keyFingerprint: keyFp, works: list.works.length, newWorks: state.works - before, verifiedDomains });
  }
  // A previous publisher revoked by a statement alone (its list not among the inputs): its works leave at once.
  for (const p of publishers) {
    const r = revocations.get(p.publicKey);
    if (r && !p.revoked) Object.assign(p, { works: 0, fingerprints: 0, verifiedDomains: [], revoked: r.date });
  }
  const kept = base ? publishers.filter((p) => !seen.has(p.id) && !p.revoked).map((p) => p.name) : [];
  const layerId = base ? nextLayerId(base.manifest) : 0;
  const built = !base || state.works ? await writeLayer(layerId, plan, state.entries, state.packHashes, state.works, { write, writeParts: opts.writeParts, rangeKeys: opts.rangeKeys, ranges: opts.ranges, sha256: opts.sha256 }) : null;
  const layers = [...(base?.manifest.layers ?? []), ...(built ? [built.layer] : [])];
  const sum = (f: (p: PublisherRecord) => number) => publishers.reduce((n, p) => n + f(p), 0);
  const counts = {
    publishers: publishers.length,
    works: sum((p) => p.works),
    fingerprints: sum((p) => p.fingerprints),
    shards: (base?.manifest.counts.shards ?? 0) + (built?.shards ?? 0),
    packs: (base?.manifest.counts.packs ?? 0) + state.packHashes.length,
  };
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
      layers,
      counts,
    },
    opts.key,
  );
  await write('manifest.json', new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`));
  for (const r of manifest.revocations) report.revoked.push({ keyFingerprint: await keyFingerprint(r.publicKey), date: r.date });
  const summaryBytes = layers.reduce((n, l) => n + l.summaryBytes, 0);
  return { manifest, report: { ...report, kind: base ? 'delta' : 'full', kept, counts, summaryBytes, newSummaryBytes: built?.summaryBytes ?? 0, largestShardBytes: built?.largestShardBytes ?? 0 } };
}
