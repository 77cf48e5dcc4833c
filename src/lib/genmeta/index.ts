/**
 * readGenRecord(bytes): what an image file says about how it was made, from the bytes already fetched. Pure and
 * async (zlib via DecompressionStream); runs in Node, the Chrome service worker and Firefox's background page.
 * Never throws: a file it cannot read gives undefined, as does a file without a record.
 */
import type { GenRecord } from '../types.js';
import { parseA1111 } from './a1111.js';
import { readC2pa } from './c2pa.js';
import type { Carriers } from './carriers.js';
import { parseComfyPrompt, parseComfyWorkflow } from './comfyui.js';
import { readExif } from './exif.js';
import { isJpeg, readJpeg } from './jpeg.js';
import { safeJson } from './json.js';
import { parseFooocus, parseInvokeAI, parseNovelAI } from './others.js';
import { isPng, readPng } from './png.js';
import { isWebp, readWebp } from './webp.js';
import { digitalSourceTypeFromXmp } from './xmp.js';

export async function readCarriers(bytes: Uint8Array): Promise<Carriers | undefined> {
  if (isPng(bytes)) return readPng(bytes);
  if (isJpeg(bytes)) return readJpeg(bytes);
  if (isWebp(bytes)) return readWebp(bytes);
  return undefined;
}

export async function readGenRecord(bytes: Uint8Array): Promise<GenRecord | undefined> {
  try {
    const carriers = await readCarriers(bytes);
    return carriers && (await recordFrom(carriers));
  } catch (e) {
    // The readers are bounded and defensive; this is the last net so that no image stops a scan.
    console.info('[License Lens] generation record unreadable:', e instanceof Error ? e.message : e);
    return undefined;
  }
}

async function recordFrom(c: Carriers): Promise<GenRecord | undefined> {
  let rec: GenRecord = {};
  const found: string[] = [];
  const texts = new Map<string, string>();
  for (const t of c.texts) if (!texts.has(t.key)) texts.set(t.key, t.text);

  const fromTexts = textRecord(texts, c.format, found);
  if (fromTexts) rec = fromTexts;

  if (c.exif && !fromTexts) {
    const exif = readExif(c.exif);
    if (exif.userComment) {
      const uc = exif.userComment;
      const r = uc.trimStart().startsWith('{') ? parseFooocus(safeJson(uc)) : parseA1111(uc);
      if (r) {
        rec = r;
        found.push('exif:UserComment');
      }
    }
    if (!rec.tool) {
      // ComfyUI's WebP saver: "prompt:{json}" and "workflow:{json}" in IFD0 strings.
      const tagged = (name: string) => exif.strings.find((s) => s.startsWith(`${name}:`))?.slice(name.length + 1);
      const prompt = tagged('prompt');
      const workflow = tagged('workflow');
      const r = (prompt && parseComfyPrompt(safeJson(prompt))) || (workflow && parseComfyWorkflow(safeJson(workflow))) || undefined;
      if (r) {
        rec = r;
        found.push(prompt ? 'exif:prompt' : 'exif:workflow');
      }
    }
  }
  if (c.xmp) {
    const dst = digitalSourceTypeFromXmp(c.xmp);
    if (dst) {
      rec.digitalSourceType = dst;
      found.push('xmp');
    }
  }
  if (c.c2pa) {
    rec.hasContentCredentials = true;
    found.push('c2pa');
    const claim = c.jumbf ? readC2pa(c.jumbf) : {};
    if (claim.generator || claim.digitalSourceType) rec.c2pa = claim;
    rec.digitalSourceType ??= claim.digitalSourceType;
  }
  if (!found.length) return undefined;
  rec.found = found;
  return prune(rec);
}

function textRecord(texts: Map<string, string>, format: string, found: string[]): GenRecord | undefined {
  const params = texts.get('parameters');
  if (params !== undefined) {
    const r = params.trimStart().startsWith('{') ? parseFooocus(safeJson(params)) : parseA1111(params);
    if (r) return found.push(`${format}:parameters`), r;
  }
  const prompt = texts.get('prompt');
  const workflow = texts.get('workflow');
  const comfy = (prompt !== undefined && parseComfyPrompt(safeJson(prompt))) || (workflow !== undefined && parseComfyWorkflow(safeJson(workflow))) || undefined;
  if (comfy) {
    if (!comfy.model && workflow !== undefined && prompt !== undefined) {
      const wf = parseComfyWorkflow(safeJson(workflow));
      if (wf?.model) Object.assign(comfy, { model: wf.model, otherModels: wf.otherModels, loras: comfy.loras ?? wf.loras });
    }
    return found.push(`${format}:${prompt !== undefined ? 'prompt' : 'workflow'}`), comfy;
  }
  const nai = parseNovelAI(texts);
  if (nai) return found.push(`${format}:Comment`), nai;
  const invoke = parseInvokeAI(texts);
  if (invoke) return found.push(`${format}:${texts.has('invokeai_metadata') ? 'invokeai_metadata' : 'sd-metadata'}`), invoke;
  return undefined;
}

/** Drops empty fields so that a record holds only what the file said. */
function prune(rec: GenRecord): GenRecord {
  const out = Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length))) as GenRecord;
  if (out.model && !out.model.name && !out.model.hash) delete out.model;
  return out;
}

export type { Carriers };
export { isKnownIptcTerm } from '../iptc-terms.js';
