/**
 * The Compare page's facts about one match: what changed and where (the matcher's hint record, MatchHints), and
 * the evidence record built from them for a report. The record's rows are what the page shows before any click.
 */
import { buildEvidence, EVIDENCE_FORMAT, EVIDENCE_FORMAT_VERSION, type Box, type Evidence } from '../lib/evidence/index.js';
import { similarity } from '../lib/license/index.js';
import type { Change, CropSides, MatchHints } from '../lib/match/index.js';
import type { EvidenceData, ImageResult } from '../lib/protocol/index.js';
import type { WorkMatch } from '../lib/types.js';

export type Data = EvidenceData<ImageResult>;

/** How to draw the work's preview in the page image's frame so that the two line up. */
export interface Alignment {
  crop?: CropSides;
  mirror?: 'h' | 'v' | 'hv';
  degrees?: number;
  /** Where the work sits in the page image (border added, or extended by outpainting), in its pixels. */
  placement?: Box;
}

export interface Hints {
  /** Change kinds, as the matcher names them. */
  kinds: string[];
  /** Redrawn regions, in the pixels of `size`. */
  regions: Box[];
  /** Where a mark or text was added (the 'marked' change), same pixels. */
  marks: Box[];
  /** The page image's size the boxes refer to. */
  size?: MatchHints['size'];
  align: Alignment;
}

const find = <K extends Change['kind']>(cs: readonly Change[], kind: K) => cs.find((c): c is Extract<Change, { kind: K }> => c.kind === kind);

export function hintsOf(m: WorkMatch): Hints {
  const cs = m.hints?.changes ?? [];
  const placement = find(cs, 'extended')?.placement ?? find(cs, 'border')?.box;
  return {
    kinds: cs.map((c) => c.kind),
    regions: cs.flatMap((c) => (c.kind === 'redrawn' ? c.regions : [])),
    marks: cs.flatMap((c) => (c.kind === 'marked' ? c.regions : [])),
    size: m.hints?.size,
    align: { crop: find(cs, 'cropped')?.sides, mirror: find(cs, 'mirrored')?.axis, degrees: find(cs, 'rotated')?.degrees, placement },
  };
}

/** The report for this match, sealed (lib/evidence); `png` names the PNG saved with it, when there is one. */
export function evidenceOf(d: Data, png?: { file: string; sha256: string }, now = new Date()): Promise<Evidence> {
  if (!d.list) throw new Error('your own works have no list to report against');
  const hints = hintsOf(d.match);
  return buildEvidence({
    format: EVIDENCE_FORMAT,
    formatVersion: EVIDENCE_FORMAT_VERSION,
    created: now.toISOString(),
    extensionVersion: d.extensionVersion,
    pageUrl: d.pageUrl,
    image: { url: d.result.url, fingerprint: d.result.fingerprint, ...hints.size, png },
    verdict: d.match.verdict,
    similarity: similarity(d.match),
    decidedBy: d.match.hints?.decidedBy,
    distance: d.match.distance,
    changes: hints.kinds,
    regions: hints.regions,
    ...(hints.marks.length ? { marks: hints.marks } : {}),
    ...(d.match.hints?.identical ? { identical: true as const } : {}),
    work: { id: d.work.id, model: d.work.model, modelName: d.match.model.name, title: d.work.title, fingerprints: d.work.fingerprints, ...(d.work.sha256 ? { sha256: d.work.sha256 } : {}) },
    list: d.list,
  });
}
