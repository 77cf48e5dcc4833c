/**
 * The change hints of one match (MatchHints): one classification from the aligned comparison (aligned.ts) when
 * the query and the work both have detail, else from how the hash matched (`Via`). Regions are given in the page
 * image's pixels (Query.size, else the 256x256 reduced copy's). Pure.
 */
import { compareAligned, coloursChanged, sampleArea, type Aligned } from './aligned.js';
import { chromaCornerMarks } from './chroma-marks.js';
import { bestFraming } from './framing-choice.js';
import { changedRegions } from './regions.js';
import { isCornerMark, splitMarks } from './marks.js';
import { faintLines, faintLinesIn, faintPatches, longLine, mergeBoxes, significance } from './faint-marks.js';
import { HASH_INPUT_SIDE } from '../hash/fingerprint.js';
import { geometryHints, placedBorderHints } from './geometry-hints.js';
import { bandsDiffer, bandsInBorder, plainSurround, surroundOneColour } from './border.js';
import { rotationOf } from './rotation.js';
import { EXTENSION_LEAD, turnExplainsBetter } from './extension.js';
import { extensionPlacement, pageAspectOf } from '../detail/detail-geometry.js';
import { chromaCells, chromaChanged, chromaShift } from './chroma-compare.js';
import { colourExplains, colourFitAway, saturationExplains } from './colour-regions.js';
import { levelShifted, midTonesLifted } from './tone.js';
import { resizedFrom, type WorkTraits } from './work-traits.js';
import { chromaOf } from '../detail/chroma-thumb.js';
import { fromBase64url } from '../../base64url.js';
import { COMPARE_SIDE } from '../detail/luma-thumb.js';
import type { DetailQuery, Framing } from '../detail/detail-verify.js';
import type { Query } from '../hash/query.js';
import type { Change, MatchHints } from '../../types.js';
import type { GridRect, Via } from './via.js';
import { type Box, cropChange, gridShares, sizeOf, toPixels, WHOLE } from './hash-hints.js';

const N = COMPARE_SIDE;
/**
 * What an outpainted copy's generated surround reads as in the aligned comparison, besides a border of a colour a
 * side: a crop alone is not one (a crop of a work with plain edges can place inside the page image as well).
 */
const OUTPAINT_SIGNS: ReadonlySet<Change['kind']> = new Set(['redrawn', 'marked']);

/** The query's chroma grid (null when it has none, or it does not read). */
function queryChroma(q: Query): Int16Array | null {
  if (!q.chroma) return null;
  try {
    return chromaOf(fromBase64url(q.chroma));
  } catch {
    return null;
  }
}

/** `changed` with the rectangle a partial or redraw match left out (`rect`) added: the same array when that adds no cell. */
function withRect(changed: Uint8Array, rect?: GridRect): Uint8Array {
  let out: Uint8Array | null = null;
  for (const [r, c, h, w] of rect ? [rect] : []) {
    for (let y = r; y < r + h; y++) {
      for (let x = c; x < c + w; x++) {
        if (changed[y * N + x]) continue;
        out ??= Uint8Array.from(changed);
        out[y * N + x] = 1;
      }
    }
  }
  return out ?? changed;
}

/** A saturation change the chroma grids show: the ratio, the query's Cb and Cr at each cell, the cells' residuals. */
interface Saturation {
  ratio: number;
  query: [Float32Array, Float32Array];
  residual: Float32Array;
}

/** `changed` without the regions the colour change explains (colour-regions.ts): first the colours, then the patches. */
function explainByColour(changed: Uint8Array, q: ArrayLike<number>, s: ArrayLike<number>, chroma: [Float32Array, Float32Array] | null, sat: Saturation | null): Uint8Array {
  const explained = changedRegions(changed).filter((r) => colourExplains(r, changed, q, s, chroma) || (!!sat && !!chroma && saturationExplains(r, changed, sat.residual, chroma, sat.query, sat.ratio)));
  if (!explained.length) return changed;
  const out = Uint8Array.from(changed);
  for (const [r, c, h, w] of explained) for (let y = r; y < r + h; y++) for (let x = c; x < c + w; x++) out[y * N + x] = 0;
  return out;
}

/** The framing the match was found through, to prefer in the aligned comparison. */
function framingOf(via: Via): Framing {
  const [l, t, r, b] = via.crop ?? [0, 0, 0, 0];
  return { frame: [l, t, 1 - l - r, 1 - t - b], ...(via.flip ? { flip: via.flip } : {}) };
}

/**
 * How much better the inside of the query's uniform borders must compare than the whole for "border added": a 10%
 * border moves the whole comparison to 0.6 or less against 0.97-1 inside; a corner logo on a work with a plain band
 * of its own moved them by 0.04 (bench:robustness).
 */
export const BORDER_MARGIN = 0.1;

/** Whether the page image is at least the reduced copy's size both ways (a smaller one is interpolated up to it). */
const fullSize = (size: Query['size'], side = HASH_INPUT_SIDE) => !!size && Math.min(size.width, size.height) >= side;

/**
 * The marks with the faint lines and corner patches added (faint-marks.ts), overlapping boxes merged, and how many
 * cells the faint ones cover beyond the changed cells (they differ too, if by less than the cell test's limit).
 */
function faintMarks(a: Aligned, marks: readonly GridRect[]): { marks: GridRect[]; cells: number } {
  const z = significance(a);
  const faint = [...faintLines(a, z), ...faintPatches(a, z).filter(isCornerMark)];
  if (!faint.length) return { marks: [...marks], cells: 0 };
  const covered = new Uint8Array(N * N);
  for (const [r, c, h, w] of faint) for (let y = r; y < r + h; y++) for (let x = c; x < c + w; x++) covered[y * N + x] = a.changed[y * N + x] ? 0 : 1;
  return { marks: mergeBoxes([...marks, ...faint]), cells: covered.reduce((n, v) => n + v, 0) };
}

/** The aligned comparison the hints are decided from: inside the query's borders or whole, through the best framing. */
export function alignedFor(q: Query, whole: DetailQuery, insideQ: DetailQuery | null, thumb: Uint8Array, via: Via): { a: Aligned; useInside: boolean; within: Box; local: boolean } {
  // Inside the query's uniform borders only when that compares clearly better than the whole image: a work on a
  // plain backdrop is trimmed too, and neither its untouched copy nor one with a logo laid on it is "border added".
  const useInside = !!(via.trimmed && insideQ && q.trimmedBox) && bestFraming(insideQ!, thumb).score > bestFraming(whole, thumb).score + BORDER_MARGIN;
  const dq = useInside ? insideQ! : whole;
  const within: Box = useInside ? q.trimmedBox! : WHOLE;
  const local = via.stage === 'redraw' || via.stage === 'partial';
  // A match found outside one rectangle was compared whole: a redrawn patch disturbs the gradients enough for a
  // crop framing to score higher by chance.
  const { framing, score } = local ? { framing: { frame: WHOLE }, score: 0 } : bestFraming(dq, thumb, framingOf(via));
  return { a: compareAligned(dq, thumb, framing, score), useInside, within, local };
}

/**
 * Hints from the aligned comparison: mirror and crop from the best framing, an added border when the match is
 * inside the query's borders, colours from the fitted gain and shift, redrawn regions from the cells that still
 * differ, saturation and hue from the chroma grids and "resized" from the pixel sizes when the work's record has
 * them (`work`). The similarity is the share of the compared grid that agrees.
 */
export function detailHints(q: Query, whole: DetailQuery, insideQ: DetailQuery | null, thumb: Uint8Array, via: Via, work?: WorkTraits): MatchHints {
  const size = sizeOf(q);
  const turnedCopy = () => rotationOf(whole, thumb, pageAspectOf(q.size));
  const rotated = (t: { angle: number; score: number }) => geometryHints({ stage: 'detail', angle: t.angle, score: t.score }, size)!;
  // A placement inside a surround of one colour is an added border the trim stopped short of (the work's own edge
  // as plain as the border): border.ts plainSurround.
  const extended = (e: { placement: Via['placement']; score: number }) => {
    const v: Via = { stage: 'detail', placement: e.placement, score: e.score };
    return plainSurround(whole, e.placement!, q.trimmedBox, N) ? placedBorderHints(v, size) : geometryHints(v, size)!;
  };
  if (via.placement) {
    // A turned copy the placement search found first: rotated when the turn agrees better (extension.ts).
    const turned = turnedCopy();
    return turnExplainsBetter(turned, { score: via.score ?? 0 }) ? rotated(turned!) : extended({ placement: via.placement, score: via.score ?? 0 });
  }
  const geometric = geometryHints(via, size);
  if (geometric) return geometric;
  // A turned copy the hash or a plain framing matched: named as the rotated stage would have (rotation.ts), unless
  // it is an outpainted copy the placement explains better.
  const turned = turnedCopy();
  // The placement the matcher's detail stage already searched for (Via.unplaced) is not searched again.
  const placement = () => (via.unplaced ? null : extensionPlacement(q, thumb, work?.size));
  if (turned) {
    const placed = placement();
    return turnExplainsBetter(turned, placed) ? rotated(turned) : extended(placed!);
  }
  const { a, useInside, within, local } = alignedFor(q, whole, insideQ, thumb, via);
  const { framing } = a;
  const changes: Change[] = [];
  if (framing.flip) changes.push({ kind: 'mirrored', axis: framing.flip });
  const [fx, fy, fw, fh] = framing.frame;
  // Inside the borders, a crop framing whose left-out bands of the work the page image shows where they belong is
  // the work's own plain band taken for border by the trim: the whole work is there (border.ts).
  const banded = useInside && (fw < 1 || fh < 1) ? bandsInBorder(whole, thumb, framing, within, N) : null;
  const crop = !banded && (fw < 1 || fh < 1) ? cropChange([fx, fy, 1 - fx - fw, 1 - fy - fh]) : null;
  if (crop) changes.push(crop);
  if (useInside) changes.push({ kind: 'border', box: toPixels(WHOLE, banded ?? within, size) });
  if (work?.size && q.size && resizedFrom(q.size, banded ?? within, work.size, crop?.sides ?? null)) changes.push({ kind: 'resized' });
  // Chroma only through the whole frame: a crop framing is found to 3-4% of a side, and at 8x8 cells that misalignment
  // alone can read as a saturation change (docs/matching.md).
  const plainFrame = !useInside && !crop;
  let cells: Float32Array | null = null;
  const s = () => (cells ??= sampleArea(thumb, framing.frame, framing.flip));
  // Away from the rectangle a partial or redraw match left out too: a redrawn patch's cells that kept about the
  // work's luminance still carry its own colours and levels (a replaced quarter of a portrait fitted at gain 0.87,
  // its chroma at 0.78).
  const away = withRect(a.changed, local ? via.rect : undefined);
  const luma = useInside ? insideQ!.luma : whole.luma;
  const fitAway = plainFrame && away !== a.changed ? colourFitAway(luma, s(), away) : null;
  const qc = plainFrame && work?.chroma ? queryChroma(q) : null;
  const chroma = qc ? chromaShift(qc, work!.chroma!, framing, away) : null;
  const recoloured = !!chroma && chromaChanged(chroma, changedRegions(away).length > 0);
  const colours = coloursChanged(fitAway ?? a) || (plainFrame && (levelShifted((fitAway ?? a).shift, s(), away) || recoloured || midTonesLifted(luma, s(), away)));
  if (colours) changes.push({ kind: 'colours' });
  // A saturation change the chroma grids show explains, besides, the luminance it moved with the chroma (colour-regions.ts).
  const sat = recoloured && qc && chroma ? { ratio: chroma.saturation, query: chromaCells(qc, { frame: WHOLE }), residual: a.residual } : null;
  const changed = colours ? explainByColour(a.changed, luma, s(), work?.chroma ? chromaCells(work.chroma, framing) : null, sat) : a.changed;
  let regions = changedRegions(changed);
  // The rectangle a partial or redraw match left out, when the aligned cells show none: unless the colours changed,
  // which moves the hash's bits with nothing redrawn, or a faint line of text in it is a mark (faint-marks.ts).
  const faintInRect = !regions.length && local && via.rect && !colours ? faintLinesIn(a, via.rect) : [];
  if (!regions.length && local && via.rect && !colours && !faintInRect.length) regions = [via.rect];
  // A match found outside one rectangle keeps its regions as redrawn but a corner badge; otherwise strips and small
  // patches at an edge are marks.
  const split = splitMarks(regions, local);
  const redrawn = split.redrawn;
  let marks = [...split.marks, ...faintInRect];
  // Marks too faint for the changed-cell test, only where nothing else can leave a residual (faint-marks.ts).
  const plain = !local && !useInside && !crop && !redrawn.length && !changes.some((c) => c.kind === 'colours');
  const exact = plain && fullSize(q.size);
  let faintCells = 0;
  if (exact) ({ marks, cells: faintCells } = faintMarks(a, marks));
  // A smaller page image is interpolated up to the reduction, which leaves short faint rows: only long strong lines,
  // and none when it is stretched more than twice (a work resized to half, 162x112, left a long one).
  else if (plain && fullSize(q.size, HASH_INPUT_SIDE / 2)) marks = mergeBoxes([...marks, ...faintLines(a).filter((l) => longLine(a, l))]);
  // Coloured corner marks the chroma grids show (chroma-marks.ts; an exact comparison is a plain frame: qc is read).
  if (exact && qc) marks = mergeBoxes([...marks, ...chromaCornerMarks(qc, work!.chroma!, framing.flip)]);
  if (marks.length) changes.push({ kind: 'marked', regions: marks.map((r) => toPixels(gridShares(r), within, size)) });
  if (redrawn.length) changes.push({ kind: 'redrawn', regions: redrawn.map((r) => toPixels(gridShares(r), within, size)) });
  // An outpainted copy found by its hash or a partial match: the generated surround reads as a border, a crop or
  // redrawn or marked regions of the aligned comparison; the placement the matcher would accept says what it is.
  // A mark on an untouched work can let a placement a little inside the page image pass too, so the placement must
  // agree clearly better than the aligned framing (extension.ts); bands of a colour a side are no added border.
  const signs = changes.some((c) => OUTPAINT_SIGNS.has(c.kind));
  // So is a surround of more than one colour around the work's box (banded when the trim took in the work's own plain
  // rows): the trim passes a gradient line by line, an added border is one colour all round.
  const multiBand = useInside && (bandsDiffer(whole, within, N) || !surroundOneColour(whole, banded ?? within, N));
  // (A correlation is at most 1: above 1 - EXTENSION_LEAD no placement can lead by as much, and none is searched.)
  if (multiBand || (signs && a.score <= 1 - EXTENSION_LEAD)) {
    const placed = placement();
    if (placed && (multiBand || placed.score >= a.score + EXTENSION_LEAD)) return extended(placed);
  }
  if (!changes.length) changes.push({ kind: 'same' });
  const differing = changed.reduce((n, v) => n + v, faintCells);
  return { changes, similarity: Math.round(100 * (1 - differing / (N * N))), decidedBy: 'detail', size };
}
