/**
 * Civitai model / model-version JSON to License Lens license terms: a shortcut for creators who already state
 * their permissions on Civitai. Pure mapping, no network: the creator pastes or drops the JSON they saved.
 *
 * Shapes seen in the wild (all accepted):
 * - `/api/v1/models/:id`: `allowNoCredit`, `allowCommercialUse`, `allowDerivatives`, `allowDifferentLicense` at the
 *   top level, versions under `modelVersions[]`.
 * - `/api/v1/model-versions/:id` and the `.civitai.info` files that download helpers save beside a model: version
 *   fields at the top level (`name`, `baseModel`, `files[].hashes`), the model under `model`, which carries the
 *   `allow*` fields in newer responses.
 * - `allowCommercialUse` as an array (`["Image", "RentCivit", "Rent", "Sell"]`, current API), as one string
 *   (`"None" | "Image" | "RentCivit" | "Rent" | "Sell"`, older API, each level including the ones before it), or
 *   as a Postgres array literal (`"{Image,Rent}"`) that some exports carry.
 */
import * as v from 'valibot';
import type { CommercialUse, LicenseTerms, ModelHashes } from '../types.js';

const CommercialUseField = v.union([v.array(v.string()), v.string()]);
const Permissions = v.looseObject({
  allowNoCredit: v.optional(v.boolean()),
  allowCommercialUse: v.optional(CommercialUseField),
  allowDerivatives: v.optional(v.boolean()),
  allowDifferentLicense: v.optional(v.boolean()),
});
const Hashes = v.looseObject({ SHA256: v.optional(v.string()), AutoV2: v.optional(v.string()) });
const FileEntry = v.looseObject({ primary: v.optional(v.boolean()), hashes: v.optional(Hashes) });
const Version = v.looseObject({
  name: v.optional(v.string()),
  baseModel: v.optional(v.string()),
  files: v.optional(v.array(FileEntry)),
});
const Civitai = v.looseObject({
  ...Permissions.entries,
  ...Version.entries,
  model: v.optional(v.looseObject({ ...Permissions.entries, name: v.optional(v.string()) })),
  modelVersions: v.optional(v.array(Version)),
});

export interface CivitaiImport {
  /** The license fields Civitai states; fields it says nothing about are absent (the form keeps its values). */
  terms: Partial<Pick<LicenseTerms, 'commercialUse' | 'attributionRequired' | 'derivativesAllowed'>>;
  /** `allowDifferentLicense`: whether derivatives may be shared under other terms. No field of ours holds it. */
  differentLicenseAllowed?: boolean;
  name?: string;
  version?: string;
  baseModel?: string;
  hashes?: ModelHashes;
}

export type CivitaiResult = { ok: true; value: CivitaiImport } | { ok: false; error: string };

const LEVELS = ['image', 'rentcivit', 'rent', 'sell'];

/** The commercial uses Civitai allows, normalised to lower case; an empty array means none. */
export function commercialUses(field: string | string[]): string[] {
  if (Array.isArray(field)) return field.map((s) => s.trim().toLowerCase()).filter(Boolean);
  const s = field.trim();
  if (s.startsWith('{') && s.endsWith('}')) return commercialUses(s.slice(1, -1).split(','));
  const one = s.toLowerCase();
  const level = LEVELS.indexOf(one);
  // The old single-value field was a ladder: "Sell" allowed renting and selling images too.
  return level < 0 ? [] : LEVELS.slice(0, level + 1);
}

/**
 * Images on web pages are what License Lens judges, so commercial use is "allowed" when Civitai lets people sell
 * the images they generate ("Image"). Civitai has no "license required" state: "None" means the creator does not
 * allow it, which maps to "forbidden"; a creator who sells licenses switches it to "license required" afterwards.
 */
export function commercialUseFrom(field: string | string[]): CommercialUse {
  return commercialUses(field).includes('image') ? 'allowed' : 'forbidden';
}

export function fromCivitai(json: unknown): CivitaiResult {
  const parsed = v.safeParse(Civitai, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    return { ok: false, error: `not a Civitai model JSON${path ? ` (${path}: ${issue!.message})` : ''}` };
  }
  const d = parsed.output;
  const perms = { ...d.model, ...stripUndefined(pickPermissions(d)) };
  const terms: CivitaiImport['terms'] = {};
  if (perms.allowCommercialUse !== undefined) terms.commercialUse = commercialUseFrom(perms.allowCommercialUse);
  if (perms.allowNoCredit !== undefined) terms.attributionRequired = !perms.allowNoCredit;
  if (perms.allowDerivatives !== undefined) terms.derivativesAllowed = perms.allowDerivatives;
  if (Object.keys(terms).length === 0 && perms.allowDifferentLicense === undefined) {
    return { ok: false, error: 'the JSON has none of allowNoCredit, allowCommercialUse, allowDerivatives, allowDifferentLicense' };
  }
  // A model JSON: the first listed version is the newest. A version JSON: the version is the top level.
  const isVersion = d.model !== undefined || d.files !== undefined;
  const version = isVersion ? d : d.modelVersions?.[0];
  const out: CivitaiImport = { terms };
  if (perms.allowDifferentLicense !== undefined) out.differentLicenseAllowed = perms.allowDifferentLicense;
  const name = isVersion ? d.model?.name : d.name;
  if (name?.trim()) out.name = name.trim();
  if (version?.name?.trim()) out.version = version.name.trim();
  if (version?.baseModel?.trim()) out.baseModel = version.baseModel.trim();
  const hashes = hashesOf(version?.files);
  if (hashes) out.hashes = hashes;
  return { ok: true, value: out };
}

/** Parse pasted text first, so a JSON syntax error is reported as such. */
export function fromCivitaiText(text: string): CivitaiResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  return fromCivitai(json);
}

function pickPermissions(d: v.InferOutput<typeof Permissions>): v.InferOutput<typeof Permissions> {
  const { allowNoCredit, allowCommercialUse, allowDerivatives, allowDifferentLicense } = d;
  return { allowNoCredit, allowCommercialUse, allowDerivatives, allowDifferentLicense };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
}

function hashesOf(files: Array<v.InferOutput<typeof FileEntry>> | undefined): ModelHashes | undefined {
  const file = files?.find((f) => f.primary) ?? files?.[0];
  const sha256 = file?.hashes?.SHA256?.toLowerCase();
  const autov2 = file?.hashes?.AutoV2?.toLowerCase();
  const out: ModelHashes = {};
  if (sha256 && /^[0-9a-f]{64}$/.test(sha256)) out.sha256 = sha256;
  if (autov2 && /^[0-9a-f]{10}$/.test(autov2)) out.autov2 = autov2;
  else if (out.sha256) out.autov2 = out.sha256.slice(0, 10);
  return out.sha256 || out.autov2 ? out : undefined;
}
