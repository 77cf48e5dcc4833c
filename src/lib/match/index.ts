/** Image matching: fingerprints and queries of images (hash/), the packed fingerprint index (indexing/), the detail thumbnail stages (detail/), and the Matcher that puts them together. */
export * from './matcher.js';
export * from './hash/fingerprint.js';
export * from './hash/query.js';
export * from './hash/work-fingerprints.js';
export * from './indexing/packed-registry.js';
export { DETAIL_BYTES, detailQueryOf } from './detail/detail-verify.js';
export { KEY_TABLES, keyBlock, sparseTables } from './indexing/key-blocks.js';
export { CHROMA_BYTES } from './detail/chroma-thumb.js';
export { traitsOf, type WorkTraits } from './hints/work-traits.js';
export { hexToWords, HASH_WORDS, popcount32 } from './hash/bits.js';
export { flipWords } from './hash/flip.js';
export { probes, type Probe } from './lookup-phases.js';
export { hashComplexity, MIN_COMPLEXITY, MIN_QUALITY } from './hash/quality.js';
export { hammingHex } from './hash/bits.js';
export type { Change, ChangeKind, CropSides, MatchHints, PixelBox } from '../types.js';
