/**
 * Why an image was not checked, in the UI's language. The pipeline stores its reason as an English sentence
 * (SkipError messages in src/pixels, the URL guard, the scan's time limit, the offscreen reply check), and results
 * stored before this table existed hold the same sentences, so the sentence itself is the key: each known one is
 * matched here and shown through a locale message with its values (size, limit, seconds, scheme) filled in. A
 * sentence this table does not know (a browser's own error text, one already localised) is shown as it is.
 * tests/unit/reason-text.test.ts fails when a reason sentence in src/ has no entry.
 */

/** The extension's getMessage, or a stand-in in Node; '' or the key itself means "no such message". */
export type Translate = (key: string, substitutions?: string[]) => string;

interface Known {
  /** The whole stored sentence; its groups are the message's placeholders in order. */
  pattern: RegExp;
  key: string;
}

/** Every reason sentence the extension writes, with its message key (src/locales/<lang>/reasons.json). */
export const KNOWN_REASONS: readonly Known[] = [
  { pattern: /^larger than (\d+(?:\.\d+)?) MB$/, key: 'reasonTooLarge' },
  { pattern: /^SVG images are not fingerprinted$/, key: 'reasonSvg' },
  { pattern: /^declares (\d+)x(\d+) pixels, over the decoding limit$/, key: 'reasonTooManyPixels' },
  { pattern: /^the browser could not decode this image \(truncated or corrupt\)$/, key: 'reasonUndecodable' },
  { pattern: /^not an image, or a format License Lens does not read$/, key: 'reasonNotImage' },
  { pattern: /^image header has no size$/, key: 'reasonNoSize' },
  { pattern: /^(\d+)x(\d+): an icon or tracker, not fingerprinted$/, key: 'reasonIcon' },
  { pattern: /^the file is truncated \(no end marker\)$/, key: 'reasonTruncated' },
  { pattern: /^([^\s:]*): URLs are not fetched$/, key: 'reasonScheme' },
  { pattern: /^no complete answer within (\d+(?:\.\d+)?) s$/, key: 'reasonTimeout' },
  { pattern: /^network error \(([\s\S]*)\)$/, key: 'reasonNetwork' },
  { pattern: /^HTTP (\d+)$/, key: 'reasonHttp' },
  { pattern: /^served as (\S+), not an image$/, key: 'reasonServedAs' },
  { pattern: /^not a valid URL$/, key: 'reasonBadUrl' },
  { pattern: /^URLs with credentials are not fetched$/, key: 'reasonCredentials' },
  { pattern: /^local-network address, and the page is not on one$/, key: 'reasonLocalNetwork' },
  { pattern: /^the check did not finish in time$/, key: 'reasonNotInTime' },
  { pattern: /^malformed reply from the offscreen document$/, key: 'reasonOffscreenMalformed' },
  { pattern: /^reply without a fingerprint$/, key: 'reasonNoFingerprint' },
];

/** The known entry a stored reason matches, with its placeholder values; undefined for any other text. */
export function knownReason(reason: string): { key: string; values: string[] } | undefined {
  for (const { pattern, key } of KNOWN_REASONS) {
    const m = pattern.exec(reason);
    if (m) return { key, values: m.slice(1) };
  }
  return undefined;
}

/** The reason as the user should read it: translated when known, else exactly as stored (never dropped). */
export function reasonText(reason: string, t: Translate): string {
  const known = knownReason(reason);
  if (!known) return reason;
  const text = t(known.key, known.values);
  return text && text !== known.key ? text : reason;
}
