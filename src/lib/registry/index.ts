/**
 * Registries (docs/registry.md): many publishers' signed lists merged into static files any HTTP host serves. A signed
 * manifest per edition; a local summary (filter + shard table) that lets an unmatched image cause no request; bucket
 * shards and work packs fetched by content hash; publisher identity (domain proof, revocation). Pure: the browser
 * and Node sides do the fetching and storing.
 */
export * from './manifest.js';
export * from './verify.js';
export * from './keys.js';
export { bucketOf, keyHashes, mix32 } from './key-hash.js';
export * from './summary.js';
export { RANGE_KEYS, rangeBitsFor, type RangedFilter, type RangePart } from './summary-ranged.js';
export { bucketRows, shardJson, shardRange, type LayerOutput, type RangeJob, type RangeResult, type RangeRunner, type ShardSink, type WriteParts } from './build-shards.js';
export * from './shard.js';
export * from './identity.js';
export * from './build.js';
export { memorySpill, type SpillStore } from './key-entries.js';
export { MAX_LAYERS, RebuildNeeded, type PreviousEdition } from './build-delta.js';
export * from './lookup.js';
