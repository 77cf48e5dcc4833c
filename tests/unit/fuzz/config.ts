/**
 * Shared fast-check settings for the property tests. Each run draws a new seed, so CI keeps exploring new inputs;
 * a failure prints its seed and path, and FUZZ_SEED=<seed> replays it. The number of runs bounds the time, not a
 * timer (no timing assertions): the vitest timeout below only keeps a slow shared machine from a false failure.
 */
import fc from 'fast-check';

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
fc.configureGlobal({ ...(seed !== undefined ? { seed } : {}) });

/** Generous per-test timeout for property suites on a shared two-core machine. */
export const FUZZ_TIMEOUT = 180_000;
