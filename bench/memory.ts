/**
 * Memory per fingerprint, array by array (lib/memory.ts), of bench:index's random registry: the fingerprint index
 * built as the matcher builds it and the detail-key index the matcher would use. No timing, so it runs at 10M too:
 * `BENCH_SIZES=1000000,10000000 npx tsx bench/memory.ts` (default 1M).
 */
import { FingerprintIndex } from '../src/lib/match/indexing/fingerprint-index.js';
import { KeyStage } from '../src/lib/match/indexing/key-stage.js';
import { dataset } from './lib/index-dataset.js';
import { memoryBreakdown, perFingerprint } from './lib/memory.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000000').split(',').map(Number);
for (const n of SIZES) {
  const { packed } = dataset(n, false);
  const index = new FingerprintIndex(packed);
  const keys = new KeyStage(packed).keyIndex;
  const per = perFingerprint(memoryBreakdown(packed, index.tables, keys?.bytes ?? 0), n);
  console.log(`${n} fingerprints, ${packed.workIds.length} works: ${Object.entries(per).map(([k, v]) => `${k} ${v}`).join(', ')} (B/fp)`);
}
