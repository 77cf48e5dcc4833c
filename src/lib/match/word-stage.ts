/**
 * The matcher's word lookup (matcher.ts): stored fingerprints agreeing with the query within PARTIAL_WORD_FLIPS
 * bits on a whole word (two rows of the 16x16 grid). Whole-image ones that agree outside one rectangle are partial
 * matches (partial.ts); every one is a candidate for the detail stage. Pure.
 */
import { hexToWords } from './hash/bits.js';
import { hashComplexity, MIN_COMPLEXITY } from './hash/quality.js';
import type { Query } from './hash/query.js';
import type { FingerprintIndex } from './indexing/fingerprint-index.js';
import { PARTIAL_WORD_FLIPS, partlyMatches } from './indexing/partial.js';
import { nearer, type WordCandidate } from './lookup-phases.js';

/**
 * Whether the partial stage looks up word candidates: for detailed hashes, and, since word agreements are also
 * candidates for the detail stage, for plain ones too when the detail stage can run.
 */
export function wordStageRuns(q: Query, anyDetail: boolean): boolean {
  return hashComplexity(hexToWords(q.fingerprint)) >= MIN_COMPLEXITY || !!(q.detail && anyDetail);
}

/** The partial stage's candidates, from the fingerprints `fps` agreeing with the query on a word. */
export function wordCandidates(index: FingerprintIndex, q: Query, fps: number[]): WordCandidate[] {
  const words = hexToWords(q.fingerprint);
  const detailed = hashComplexity(words) >= MIN_COMPLEXITY;
  const out: WordCandidate[] = [];
  for (const fp of fps) {
    const { work, variant } = index.owner(fp);
    // A crop fingerprint agreeing on a word is a candidate for the detail stage (a 10% crop from all sides lies
    // between two stored crops, 24-46 bits from both, in the robustness benchmark), never a partial match.
    const partly = variant === 0 && detailed && index.complexity(fp) >= MIN_COMPLEXITY && partlyMatches(words, index.words(fp));
    out.push({ fp, work, partly });
  }
  return out;
}

/**
 * Inside added borders the hash agrees on a word with the work's where the whole query's did not (a 10% border
 * left a work 38 bits from its trimmed probe, 0 on one word, in the robustness benchmark): detail candidates.
 */
export function trimmedWordCandidates(index: FingerprintIndex, trimmed: string): Map<number, number> {
  const words = hexToWords(trimmed);
  const out = new Map<number, number>();
  for (const fp of index.wordCandidates(words, PARTIAL_WORD_FLIPS)) {
    const { work } = index.owner(fp);
    nearer(out, work, index.distance(fp, words));
  }
  return out;
}
