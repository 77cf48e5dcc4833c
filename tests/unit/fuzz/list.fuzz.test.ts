/**
 * Property tests for the list parser: lists come from strangers, so whatever the text, parseList answers
 * {ok: true, list} or {ok: false, error} with a bounded, readable error, and never throws. Runs are bounded by
 * input size by design (fast-check's default sizes, one capped huge-string case), not by timing assertions.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUZZ_TIMEOUT } from './config.js';
import { parseList } from '../../../src/lib/list/schema.js';
import { listToRegistry } from '../../../src/lib/list/to-registry.js';

const demoText = readFileSync(new URL('../../../public/demo-list.json', import.meta.url), 'utf8');
const demo = JSON.parse(demoText) as Record<string, unknown>;

/** Runs per property; the figures in docs/security.md count them. */
export const RUNS = 3000;

function expectWellFormed(r: ReturnType<typeof parseList>): void {
  if (r.ok) {
    // Anything accepted must turn into registry records whose works all point at models of the same list.
    const reg = listToRegistry(r.list, 'list:fuzz');
    const models = new Set(reg.models.map((m) => m.id));
    expect(reg.works.every((w) => models.has(w.modelId))).toBe(true);
  } else {
    expect(typeof r.error).toBe('string');
    expect(r.error.length).toBeGreaterThan(0);
    expect(r.error.length).toBeLessThan(2000); // an error message never echoes a huge input back
  }
}

type Path = Array<string | number>;
function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...prefix, k]))];
}
const ALL_PATHS = paths(demo);

type Mutation = { kind: 'set'; value: unknown } | { kind: 'delete' } | { kind: 'add'; key: string; value: unknown };
function mutate(list: unknown, path: Path, m: Mutation): unknown {
  const copy = structuredClone(list) as Record<string | number, unknown>;
  if (path.length === 0) return m.kind === 'set' ? m.value : copy;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (m.kind === 'set') parent[last] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last])) {
    (parent[last] as Record<string, unknown>)[m.key] = m.value;
  }
  return copy;
}

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' ', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', 'https://', '__proto__', 'constructor', '\u0000', '\uD800', 'a'.repeat(5000)),
  fc.webUrl(),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 60, maxLength: 70 }),
);
const hostileValue = fc.oneof(fc.jsonValue(), hostileString, fc.constantFrom(null, true, -1, 1e308, -0, 1.5, [], {}));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  hostileValue.map((value) => ({ kind: 'set' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc.record({ key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype')), value: hostileValue }).map((r) => ({ kind: 'add' as const, ...r })),
);

describe('parseList under hostile input', { timeout: FUZZ_TIMEOUT }, () => {
  it('answers arbitrary text without throwing', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (s) => expectWellFormed(parseList(s))), { numRuns: RUNS });
  });

  it('answers arbitrary JSON without throwing', () => {
    fc.assert(fc.property(fc.jsonValue(), (j) => expectWellFormed(parseList(JSON.stringify(j) ?? 'null'))), { numRuns: RUNS });
  });

  it('answers the demo list with one to five mutations anywhere in it, and never pollutes prototypes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(ALL_PATHS.length - 1), mutation), { minLength: 1, maxLength: 5 }), (muts) => {
        let list: unknown = demo;
        for (const [i, m] of muts) {
          try {
            list = mutate(list, ALL_PATHS[i]!, m);
          } catch {
            // the path vanished under an earlier mutation: keep the list as it is
          }
        }
        expectWellFormed(parseList(JSON.stringify(list) ?? 'null'));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses huge strings in every text field with a short error', () => {
    const textPaths = ALL_PATHS.filter((p) => typeof p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], demo) === 'string');
    fc.assert(
      fc.property(fc.constantFrom(...textPaths), fc.integer({ min: 2001, max: 1_000_000 }), fc.constantFrom('a', '<', '\u4e2d', ' '), (path, n, ch) => {
        const r = parseList(JSON.stringify(mutate(demo, path, { kind: 'set', value: ch.repeat(n) })));
        // Only surrounding spaces are trimmed away; anything else this long is over every field's limit.
        if (ch !== ' ') expect(r.ok).toBe(false);
        expectWellFormed(r);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses deeply nested and oversized documents without a stack overflow escaping', () => {
    for (const depth of [1_000, 100_000, 1_000_000]) {
      expectWellFormed(parseList('['.repeat(depth) + ']'.repeat(depth)));
      expectWellFormed(parseList(`{"works":${'['.repeat(depth)}`));
    }
    const manyWorks = { ...demo, works: Array.from({ length: 50_000 }, (_, i) => ({ id: `w${i}`, model: 'portrait-muse', fingerprints: ['0'.repeat(64)] })) };
    expect(parseList(JSON.stringify(manyWorks)).ok).toBe(true);
  });
});
