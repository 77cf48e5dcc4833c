/**
 * IPTC Digital Source Type vocabulary (https://cv.iptc.org/newscodes/digitalsourcetype/): the terms XMP's
 * Iptc4xmpExt:DigitalSourceType and C2PA actions carry. The UI has a localised name for each known term and shows
 * any other term as written.
 */
export const IPTC_TERMS = [
  'digitalCapture',
  'computationalCapture',
  'negativeFilm',
  'positiveFilm',
  'print',
  'humanEdits',
  'minorHumanEdits',
  'compositeCapture',
  'algorithmicallyEnhanced',
  'digitalCreation',
  'digitalArt',
  'dataDrivenMedia',
  'trainedAlgorithmicMedia',
  'compositeWithTrainedAlgorithmicMedia',
  'compositeSynthetic',
  'composite',
  'algorithmicMedia',
  'screenCapture',
  'virtualRecording',
] as const;

export type IptcTerm = (typeof IPTC_TERMS)[number];

const BASE = /^https?:\/\/cv\.iptc\.org\/newscodes\/digitalsourcetype\//i;

/** The term of a vocabulary URI ("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"), else the value as written (capped). */
export function iptcTerm(value: string): string {
  const v = value.trim();
  const term = v.replace(BASE, '');
  return term !== v && /^[A-Za-z]+$/.test(term) ? term : v.slice(0, 200);
}

export const isKnownIptcTerm = (term: string): term is IptcTerm => (IPTC_TERMS as readonly string[]).includes(term);

/** Terms that say a generative model made (or helped make) the media. */
export const AI_TERMS: ReadonlySet<string> = new Set(['trainedAlgorithmicMedia', 'compositeWithTrainedAlgorithmicMedia', 'algorithmicMedia', 'compositeSynthetic']);
