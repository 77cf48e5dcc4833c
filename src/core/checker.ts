/**
 * The matcher as a library (`license-lens/core`): signed lists in, `check(image, {site})` out, the same verdict
 * record the popup shows. Decoding is the host's: Node passes sharp (src/core/node.ts), a browser its canvas
 * (src/core/browser.ts); both reduce to the 256x256 copy on white that the extension fingerprints.
 *
 * Sources: signed lists (`fromLists`, merged and matched in memory) and registries (`RemoteSource`: looked up per
 * image after the lists, the extension's `MatchSources.remote`).
 */
import { readGenRecord } from '../lib/genmeta/index.js';
import { listToRegistry, type LicenseList, verifyList } from '../lib/list/index.js';
import { Matcher, type Query, queryOf, type RgbaPixels } from '../lib/match/index.js';
import { sha256Hex } from '../lib/sha256.js';
import type { GenRecord, RegistryContent } from '../lib/types.js';
import { type Found, type ImageVerdict, imageVerdict, localFound, type MatchSources, pageUrlForSite } from './image-verdict.js';

/** Bytes of an image file, or pixels already decoded (a browser's ImageData, sharp's raw RGBA). */
export type ImageInput = Uint8Array | RgbaPixels;

/**
 * The host's decoder: an image to the 256x256 RGBA copy composited on white (src/core/node.ts, browser.ts), with the
 * image's natural size when the host knows it (hint boxes are then in its pixels, and a copy at another size than
 * the registered work's is called "resized").
 */
export type Reduce = (input: ImageInput) => Promise<RgbaPixels & { natural?: { width: number; height: number } }>;

export interface CheckOptions {
  /** The site that shows the image ("shop.example" or a page URL): licensees and the creator's own site count. */
  site?: string;
  /** When the verdict is given (licenses expire); now by default. */
  now?: Date;
}

export interface LoadedList {
  id: string;
  name: string;
  version: number;
  keyFingerprint: string;
}

/** A registry the checker looks images up in after its lists (Node: src/node/registry-source.ts). */
export interface LoadedRegistry {
  /** Its folder or address, as given. */
  address: string;
  name: string;
  edition: number;
  keyFingerprint: string;
  /** Record sources are `registry:<id>/<publisher id>`. */
  id: string;
  publishers: Array<{ id: number; name: string; keyFingerprint: string; verified: string[]; revoked?: string }>;
}

export interface RemoteSource {
  registries: LoadedRegistry[];
  remote: NonNullable<MatchSources['remote']>;
}

export class Checker {
  readonly sources: MatchSources;
  readonly registries: LoadedRegistry[];

  constructor(
    readonly content: RegistryContent,
    private readonly reduce: Reduce,
    readonly lists: LoadedList[] = [],
    remote?: RemoteSource,
  ) {
    const models = Promise.resolve({ models: content.models, creators: content.creators });
    this.sources = { matcher: new Matcher(content), models: () => models, ...(remote ? { remote: remote.remote } : {}) };
    this.registries = remote?.registries ?? [];
  }

  /** Verifies each list's signature (a bad one throws, naming it) and merges them, each under its own source. */
  static async fromLists(texts: string[], reduce: Reduce, remote?: RemoteSource): Promise<Checker> {
    const lists: LicenseList[] = [];
    const loaded: LoadedList[] = [];
    for (const [i, text] of texts.entries()) {
      const r = await verifyList(text);
      if (!r.ok) throw new Error(`list ${i + 1}: ${r.error}`);
      lists.push(r.list);
      loaded.push({ id: r.list.id, name: r.list.name, version: r.list.version, keyFingerprint: r.keyFingerprint });
    }
    return new Checker(mergeLists(lists), reduce, loaded, remote);
  }

  /**
   * The query the extension builds for this image (fingerprint, quality, detail, trimmed copy), with the file's
   * SHA-256 when it is given as bytes (WebCrypto: this runs in Node and in a browser, where a page that is not a
   * secure context has no crypto.subtle and its queries go without the hash).
   */
  async query(input: ImageInput): Promise<Query> {
    const px = await this.reduce(input);
    const q = queryOf(px, px.natural);
    if (input instanceof Uint8Array && globalThis.crypto?.subtle) q.sha256 = await sha256Hex(input);
    return q;
  }

  /** An image's verdict record: its fingerprint and generation-record matches, with verdicts for `site`. */
  async check(input: ImageInput, options: CheckOptions = {}): Promise<ImageVerdict> {
    const record = input instanceof Uint8Array ? await readGenRecord(input) : undefined;
    return this.checkQuery(await this.query(input), record, options);
  }

  /**
   * The verdict for a query computed earlier (a fingerprint cache, a thread). `found`: this checker's own `found(query)`
   * kept from an earlier run over the same works, which skips the matcher's search (the audit's cache).
   */
  checkQuery(query: Query, record: GenRecord | undefined, options: CheckOptions = {}, found?: Found): Promise<ImageVerdict> {
    return imageVerdict(this.sources, query, record, pageUrlForSite(options.site), options.now, found);
  }

  /** What the matcher finds for a query before verdicts (independent of site and date: what a cache may keep). */
  found(query: Query): Promise<Found> {
    return localFound(this.sources, query);
  }
}

/** Lists as one registry, each list's records under its own source `list:<list id>`. */
export function mergeLists(lists: LicenseList[]): RegistryContent {
  const out: RegistryContent = { creators: [], models: [], works: [] };
  for (const list of lists) {
    const r = listToRegistry(list, `list:${list.id}`);
    out.creators.push(...r.creators);
    out.models.push(...r.models);
    out.works.push(...r.works);
  }
  return out;
}
