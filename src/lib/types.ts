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
  /** Where to report a flagged copy (lib/list/report-channel.ts): `mailto:` or an https form URL. */
  report?: string;
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
  /** Where to report a flagged copy of this model's works; the creator's channel otherwise. */
  report?: string;
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
  /** The registered image's size in pixels (EXIF orientation applied), when known: a copy at another size is "resized". */
  size?: { width: number; height: number };
  /** 8x8 chroma grid, base64url (detail/chroma-thumb.ts): saturation and hue for the "colours changed" hint. */
  chroma?: string;
  /** SHA-256 of the registered file's bytes, lowercase hex: a page image with the same bytes is that file. */
  sha256?: string;
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
  /** What was done to the registered work to give this image, and how alike they are (fingerprint matches only). */
  hints?: MatchHints;
}

export type MatchReason = 'fingerprint' | 'generation-record';

/** A rectangle in the page image's pixels (`MatchHints.size`: its natural size, EXIF orientation applied). */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How much of the registered work was cut away on each side, as shares (0-1) of its width or height. */
export interface CropSides {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * One thing done to the registered work to give the page image, decided from the aligned comparison
 * (src/lib/match/hints/). `same`: nothing seen changed; `resized`: "resized or recompressed", the work's content at
 * another size or encoding; `border`: a uniform border was added (`box`: where the work sits inside it); `mirrored`
 * (`axis` 'h' left-right, 'v' upside down, 'hv' both); `colours`: brightness, contrast or colour changed;
 * `rotated` by `degrees` (positive: clockwise); `redrawn`: partly redrawn, in `regions`; `marked`: a mark or text
 * laid over it (a watermark, a caption, a logo), in `regions`; `extended`: outpainted, the
 * work sits at `placement` in the larger new image.
 */
export type Change =
  | { kind: 'same' }
  | { kind: 'resized' }
  | { kind: 'cropped'; sides: CropSides }
  | { kind: 'border'; box: PixelBox }
  | { kind: 'mirrored'; axis: 'h' | 'v' | 'hv' }
  | { kind: 'colours' }
  | { kind: 'rotated'; degrees: number }
  | { kind: 'redrawn'; regions: PixelBox[] }
  | { kind: 'marked'; regions: PixelBox[] }
  | { kind: 'extended'; placement: PixelBox };

export type ChangeKind = Change['kind'];

/** What the matcher says about one match beyond its verdict (WorkMatch.hints). */
export interface MatchHints {
  /** Never empty: `[{ kind: 'same' }]` when nothing was seen changed; `same` never comes with another kind. */
  changes: Change[];
  /** 0-100: how alike the page image and the work are, by the comparison that decided the match (`decidedBy`). */
  similarity: number;
  /**
   * 'detail': the aligned luminance comparison (both sides have a detail thumbnail): the share of the compared grid
   * that agrees; 'hash': the 256-bit fingerprints alone (a list without thumbnails): 1 - distance / 256.
   */
  decidedBy: 'detail' | 'hash';
  /** The page image's size in pixels, which every box refers to (256x256, the reduced copy, when it is unknown). */
  size: { width: number; height: number };
  /** The page image's bytes are the registered file's (both SHA-256 known and equal): changes `[same]`, similarity 100. */
  identical?: true;
}

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
