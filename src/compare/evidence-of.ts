/**
 * The Compare page's facts about one match: what changed and where (the hint record the matcher gives), and the
 * evidence record built from them for a report. The record's rows are what the page shows before any click.
 */
import { buildEvidence, EVIDENCE_FORMAT, EVIDENCE_FORMAT_VERSION, type Box, type Evidence } from '../lib/evidence/index.js';
import { similarity } from '../lib/license/index.js';
import type { EvidenceData, ImageResult } from '../lib/protocol/index.js';
import type { WorkMatch } from '../lib/types.js';

export type Data = EvidenceData<ImageResult>;

export interface Hints {
  /** Change kinds, in the matcher's words ("mirrored", "cropped", ...). */
  kinds: string[];
  /** Redrawn regions in the page image's own pixels. */
  regions: Box[];
}

export function hintsOf(m: WorkMatch): Hints {
  return { kinds: [...(m.change ?? [])], regions: [] };
}

/** The report for this match, sealed (lib/evidence); `png` names the PNG saved with it, when there is one. */
export function evidenceOf(d: Data, size: { width: number; height: number } | undefined, png?: { file: string; sha256: string }, now = new Date()): Promise<Evidence> {
  if (!d.list) throw new Error('your own works have no list to report against');
  const hints = hintsOf(d.match);
  return buildEvidence({
    format: EVIDENCE_FORMAT,
    formatVersion: EVIDENCE_FORMAT_VERSION,
    created: now.toISOString(),
    extensionVersion: d.extensionVersion,
    pageUrl: d.pageUrl,
    image: { url: d.result.url, fingerprint: d.result.fingerprint, ...size, png },
    verdict: d.match.verdict,
    similarity: similarity(d.match),
    distance: d.match.distance,
    changes: hints.kinds,
    regions: hints.regions,
    work: { id: d.work.id, model: d.work.model, modelName: d.match.model.name, title: d.work.title, fingerprints: d.work.fingerprints },
    list: d.list,
  });
}
