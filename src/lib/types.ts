/** Domain types shared by every context. Plain data only: everything here is stored in IndexedDB and sent in messages. */

export type CommercialUse = 'allowed' | 'license-required' | 'forbidden';

/** A model's license, structured enough to give a verdict. Prices stay free text ("4,499 CNY for small companies"). */
export interface LicenseTerms {
  personalUse: boolean;
  commercialUse: CommercialUse;
  price?: string;
  attributionRequired: boolean;
  derivativesAllowed: boolean;
  licenseUrl?: string;
  contact?: string;
  /** One-line human summary written by the creator. */
  summary?: string;
}

/** Someone who bought a license: it holds on these sites (subdomains included) until `expires` (ISO date), if set. */
export interface Licensee {
  name: string;
  sites: string[];
  expires?: string;
}

/**
 * Where a record came from: the user's own registrations, a subscribed list, the bundled demo list, or a publisher
 * in an added registry (`registry:<registry id>/<publisher id>`: records fetched per lookup, never stored as works).
 */
export type SourceId = 'own' | 'demo' | `list:${string}` | `registry:${string}`;

export interface Creator {
  id: string;
  source: SourceId;
  name: string;
  homepage?: string;
  contact?: string;
  publicKey?: string;
}

export interface ModelHashes {
  sha256?: string;
  /** The 10-hex short form Stable Diffusion tools write as "Model hash". */
  autov2?: string;
}

export interface Model {
  id: string;
  source: SourceId;
  creatorId: string;
  name: string;
  version?: string;
  baseModel?: string;
  hashes?: ModelHashes;
  license: LicenseTerms;
  licensees: Licensee[];
}

export interface Work {
  id: string;
  source: SourceId;
  modelId: string;
  title?: string;
  /** 256-bit blockhash fingerprints, 64 lowercase hex characters each. */
  fingerprints: string[];
  /** 32x32 luminance thumbnail, base64url (detail.ts): verifies copies the hash alone misses. Absent in older records. */
  detail?: string;
  addedAt: string;
}

export type Verdict = 'unlicensed' | 'licensed' | 'free' | 'free-credit' | 'unknown';

/** One registered work that an image on a page matched, with everything the popup shows about it. */
export interface WorkMatch {
  workId: string;
  distance: number;
  verdict: Verdict;
  source: SourceId;
  model: Pick<Model, 'id' | 'name' | 'version' | 'license'>;
  creator: Pick<Creator, 'id' | 'name' | 'homepage' | 'contact'>;
  /** How the image was tied to the work: its fingerprint (default) or the generation record inside the file. */
  reason?: MatchReason;
  /** What seems to have been done to the registered work to give this image (fingerprint matches only). */
  change?: ChangeHint[];
}

export type MatchReason = 'fingerprint' | 'generation-record';
export type ChangeHint = 'mirrored' | 'cropped' | 'partly-edited' | 'recompressed';

/**
 * What an image file says about how it was made (PNG text chunks, EXIF UserComment, XMP, C2PA). Reported as
 * found, never guessed: a missing field says nothing about the image.
 */
export interface GenRecord {
  /** Tool that wrote the record ("AUTOMATIC1111", "ComfyUI", "NovelAI", a C2PA claim generator...). */
  tool?: string;
  model?: { name?: string; hash?: string };
  loras?: Array<{ name?: string; hash?: string }>;
  prompt?: string;
  negativePrompt?: string;
  /** IPTC DigitalSourceType term, e.g. "trainedAlgorithmicMedia". */
  digitalSourceType?: string;
  hasContentCredentials?: boolean;
  /** Further checkpoints the record names (a ComfyUI graph may load several, e.g. for model merging). */
  otherModels?: Array<{ name?: string; hash?: string }>;
  /** What the C2PA manifest claims (not validated: see docs/genmeta.md). */
  c2pa?: { generator?: string; digitalSourceType?: string };
  /** Where in the file each part was found ("png:parameters", "exif:UserComment", "xmp", "c2pa"...). */
  found?: string[];
}

/** A set of registry records, as a list brings them or as one source holds them. */
export interface RegistryContent {
  creators: Creator[];
  models: Model[];
  works: Work[];
}
