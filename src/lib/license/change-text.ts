/**
 * A match's change hints (MatchHints) in words, for the popup, the card and the CLI: "cropped (10% from the left)",
 * "partly redrawn (18% of the image, top left)". Pure: the translator is the caller's.
 */
import type { Change, MatchHints, PixelBox } from '../types.js';

type Translate = (key: string, substitutions?: string | string[]) => string;

const pct = (v: number) => String(Math.round(v * 100));

/** Where a box's centre falls in a 3x3 division of the image ("top left", "centre"...). */
export function placeKey(box: PixelBox, size: MatchHints['size']): string {
  const row = ['top', 'middle', 'bottom'][Math.min(2, Math.floor((3 * (box.y + box.height / 2)) / size.height))]!;
  const col = ['left', 'centre', 'right'][Math.min(2, Math.floor((3 * (box.x + box.width / 2)) / size.width))]!;
  return `place_${row}_${col}`;
}

/** A region as "18% of the image, top left". */
export function regionText(box: PixelBox, size: MatchHints['size'], t: Translate): string {
  return t('changeRegion', [pct((box.width * box.height) / (size.width * size.height)), t(placeKey(box, size))]);
}

function sidesText(c: Extract<Change, { kind: 'cropped' }>, t: Translate): string {
  const parts = (['left', 'top', 'right', 'bottom'] as const).filter((s) => c.sides[s] >= 0.005).map((s) => t(`changeSide_${s}`, pct(c.sides[s])));
  return parts.join(t('listSeparator'));
}

/** One change in words; `identical`: the page image's bytes are the registered file's (MatchHints.identical). */
export function changeText(c: Change, size: MatchHints['size'], t: Translate, identical = false): string {
  switch (c.kind) {
    case 'same':
      return t(identical ? 'changeIdentical' : 'changeSame');
    case 'resized':
      return t('changeResized');
    case 'cropped': {
      const sides = sidesText(c, t);
      return sides ? t('changeCroppedSides', sides) : t('changeCropped');
    }
    case 'border':
      return t('changeBorder');
    case 'mirrored':
      return t(`changeMirrored_${c.axis}`);
    case 'colours':
      return t('changeColours');
    case 'rotated':
      return t('changeRotated', String(Math.round(c.degrees * 10) / 10));
    case 'redrawn':
      return t('changeRedrawn', c.regions.map((r) => regionText(r, size, t)).join(t('regionSeparator')));
    case 'marked':
      return t('changeMarked', c.regions.map((r) => regionText(r, size, t)).join(t('regionSeparator')));
    case 'extended':
      return t('changeExtended', [pct((c.placement.width * c.placement.height) / (size.width * size.height)), t(placeKey(c.placement, size))]);
  }
}

/** Every change of a match in words, joined by the list separator. */
export function changesText(h: MatchHints, t: Translate): string {
  return h.changes.map((c) => changeText(c, h.size, t, h.identical)).join(t('listSeparator'));
}

/** A box in pixels as the CLI prints it: "x 120, y 40, 300 x 200 px". */
export function boxText(b: PixelBox): string {
  return `x ${b.x}, y ${b.y}, ${b.width} x ${b.height} px`;
}
