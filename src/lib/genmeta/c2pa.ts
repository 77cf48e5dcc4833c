/**
 * Reads the active manifest of a C2PA manifest store (a JUMBF superbox labelled "c2pa"): the claim generator and
 * the digitalSourceType of its actions. NOT validated: signatures, certificate chains, timestamps, the hard
 * binding of the manifest to the image bytes, and ingredients. So this reports what the manifest claims, not that
 * the claim is authentic (docs/genmeta.md says why).
 */
import { CborBytes, decodeCbor, type CborMap, type CborValue } from './cbor.js';
import { boxes, superbox, type Box } from './jumbf.js';
import { iptcTerm } from '../iptc-terms.js';
import { clipName } from './json.js';

export interface C2paClaim {
  generator?: string;
  digitalSourceType?: string;
}

export function readC2pa(jumbf: Uint8Array): C2paClaim {
  try {
    const top = boxes(jumbf)[0];
    if (top?.type !== 'jumb') return {};
    const store = superbox(top.data);
    if (store.label !== 'c2pa') return {};
    // The active manifest is the last one in the store; earlier ones belong to ingredients (the image it was
    // made from). The generator is the active manifest's; the source type is the active manifest's when its
    // actions give one, else the latest ingredient's that does (ChatGPT's manifest only wraps DALL-E's, for one).
    const manifests = store.children.filter((c) => c.type === 'jumb').map((m) => parts(m));
    const active = manifests.at(-1);
    if (!active) return {};
    const out: C2paClaim = {};
    const claim = active.find((p) => p.sb.label?.startsWith('c2pa.claim'));
    if (claim) out.generator = generatorOf(cborOf(claim.box));
    for (const m of manifests.reverse()) {
      out.digitalSourceType = sourceTypeIn(m);
      if (out.digitalSourceType) break;
    }
    return out;
  } catch {
    return {}; // a broken store still counts as present; it just says nothing more
  }
}

type Part = { box: Box; sb: ReturnType<typeof superbox> };

function parts(manifest: Box): Part[] {
  return superbox(manifest.data).children.filter((c) => c.type === 'jumb').map((c) => ({ box: c, sb: superbox(c.data) }));
}

function sourceTypeIn(manifest: Part[]): string | undefined {
  const assertions = manifest.find((p) => p.sb.label === 'c2pa.assertions');
  for (const a of assertions ? assertions.sb.children.filter((c) => c.type === 'jumb') : []) {
    if (!superbox(a.data).label?.startsWith('c2pa.actions')) continue;
    const dst = sourceTypeOf(cborOf(a));
    if (dst) return dst;
  }
  return undefined;
}

function cborOf(sb: Box): CborValue {
  const content = superbox(sb.data).children.find((c) => c.type === 'cbor');
  return content ? decodeCbor(content.data) : undefined;
}

const isMap = (v: CborValue): v is CborMap => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof CborBytes);

function generatorOf(claim: CborValue): string | undefined {
  if (!isMap(claim)) return undefined;
  // v2 claims: claim_generator_info is one map; v1: claim_generator (string) and optionally an info array.
  const info = claim.claim_generator_info;
  const first = Array.isArray(info) ? info[0] : info;
  if (first !== undefined && isMap(first) && typeof first.name === 'string') {
    return clipName(typeof first.version === 'string' ? `${first.name} ${first.version}` : first.name);
  }
  return clipName(claim.claim_generator);
}

function sourceTypeOf(assertion: CborValue): string | undefined {
  if (!isMap(assertion) || !Array.isArray(assertion.actions)) return undefined;
  for (const action of assertion.actions) {
    if (isMap(action) && typeof action.digitalSourceType === 'string') return iptcTerm(action.digitalSourceType);
  }
  return undefined;
}
