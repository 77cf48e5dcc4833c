/**
 * The fingerprints stored for one registered work. Every registration path (options page, right-click, CLI, demo
 * list) calls this, so that how a work is indexed (whole image, and later mirrored or cropped variants) is decided
 * in one place. The first fingerprint is always the whole image's.
 */
import { fingerprint, type RgbaPixels } from './fingerprint.js';

export function workFingerprints(px: RgbaPixels): string[] {
  return [fingerprint(px)];
}
