/**
 * How far two decoders' fingerprints of the same file may be apart (docs/list-format.md, "Fingerprints from the
 * CLI"): the CLI (sharp) vs the extension, and Chrome's offscreen document (reduced-size JPEG decode) vs the
 * worker (createImageBitmap). MATCH_THRESHOLD is 20, so within this bound a registered file always matches.
 */
export const PARITY_MAX_BITS = 16;
/** The typical file differs by far less: most by 0 or 2 bits. */
export const PARITY_MAX_MEAN_BITS = 3;
