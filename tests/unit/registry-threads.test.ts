import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileWriter, sha256Hex } from '../../src/cli/registry-files.js';
import { RangeThreads } from '../../src/cli/registry-threads.js';
import { generateKeyPair } from '../../src/lib/list/index.js';
import { bucketRows, buildRegistry, memorySpill, shardJson, type BuildInput, type SpillStore } from '../../src/lib/registry/index.js';
import { listText } from './helpers/registry-fixtures.js';

const seeds = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

function files(dir: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push([relative(dir, join(d, e.name)), sha256Hex(readFileSync(join(d, e.name)))]);
    }
  };
  walk(dir);
  return out.sort();
}

/** A build into a fresh folder with the CLI's writer: `threads` 1 runs the ranges here, more on worker threads. Small ranges (rangeKeys) give many of them. */
async function buildInto(inputs: BuildInput[], key: Awaited<ReturnType<typeof generateKeyPair>>, threads: number, spill: SpillStore = memorySpill()) {
  const out = mkdtempSync(join(tmpdir(), 'll-reg-threads-'));
  const put = fileWriter(out);
  const pool = threads > 1 ? new RangeThreads(threads, out) : undefined;
  try {
    await buildRegistry(inputs, { name: 'Test registry', key, created: new Date('2026-12-05T00:00:00Z'), spill, rangeKeys: 256, sha256: sha256Hex, ranges: pool && { run: pool.run, inFlight: pool.size } }, async (p, b) => put(p, b));
  } finally {
    await pool?.close();
  }
  return out;
}

describe('registry build on threads', { timeout: 120_000 }, () => {
  it('writes a shard as the same characters as JSON.stringify', () => {
    const packs = ['a'.repeat(64), 'b'.repeat(64)];
    const entries: [number, number, number][] = [[0, 0, 7], [7 * 2 ** 32 + 4_294_967_295, 1, 0], [2 ** 32, 0, 255]];
    const text = shardJson(3, 524_287, packs, entries.map((e) => e[0]), entries.map((e) => e[1]), entries.map((e) => e[2]), entries.length);
    expect(text).toBe(JSON.stringify({ format: 'license-lens/registry-shard', layer: 3, bucket: 524_287, packs, entries }));
    expect(shardJson(0, 0, [], [], [], [], 0)).toBe(JSON.stringify({ format: 'license-lens/registry-shard', layer: 0, bucket: 0, packs: [], entries: [] }));
  });

  it('gives byte-identical files with 1 and 2 threads (many summary ranges)', async () => {
    const [a, b, key] = [await generateKeyPair(), await generateKeyPair(), await generateKeyPair()];
    const inputs = [
      { source: 'a.json', text: await listText(a, 'Ann', seeds(1, 300)) },
      { source: 'b.json', text: await listText(b, 'Bo', seeds(5000, 200)) },
    ];
    const one = await buildInto(inputs, key, 1);
    const two = await buildInto(inputs, key, 2);
    const manifest = JSON.parse(readFileSync(join(one, 'manifest.json'), 'utf8')) as { counts: { shards: number } };
    // Enough to matter: many shards, and a summary of many ranges (its header's rangeBits).
    expect(manifest.counts.shards).toBeGreaterThan(16);
    const summary = readdirSync(join(one, 'summary'));
    expect(readFileSync(join(one, 'summary', summary[0]!))[10]).toBeGreaterThanOrEqual(3);
    expect(files(two)).toEqual(files(one));
  });

  it('fails the build with the thread\'s reason when a thread throws, and writes no manifest', async () => {
    const [a, key] = [await generateKeyPair(), await generateKeyPair()];
    const inputs = [{ source: 'a.json', text: await listText(a, 'Ann', seeds(1, 300)) }];
    // A spilled run cut short: the thread that parses it throws.
    const inner = memorySpill();
    const spill: SpillStore = { ...inner, read: async (run) => (run === 5 ? (await inner.read(run)).subarray(0, 11) : inner.read(run)) };
    let out = '';
    const pool = new RangeThreads(2, (out = mkdtempSync(join(tmpdir(), 'll-reg-threads-'))));
    const put = fileWriter(out);
    try {
      await expect(buildRegistry(inputs, { name: 'Test registry', key, created: new Date('2026-12-05T00:00:00Z'), spill, rangeKeys: 256, sha256: sha256Hex, ranges: { run: pool.run, inFlight: 2 } }, async (p, b) => put(p, b))).rejects.toThrow(
        /a shard thread failed on the summary range .*: a spilled run of key entries is cut short/,
      );
    } finally {
      await pool.close();
    }
    expect(existsSync(join(out, 'packs'))).toBe(true);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
  });
});

describe('a bucket\'s rows', () => {
  it('sort by key, pack, slot the same way by numbers as by comparison, in push order or not', () => {
    let x = 12345;
    const rnd = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n);
    for (const pushOrder of [true, false]) {
      const n = 3000;
      const keys = Float64Array.from({ length: n }, () => rnd(8) * 2 ** 32 + rnd(40));
      const packs = Uint32Array.from({ length: n }, (_, i) => (pushOrder ? i >> 3 : rnd(50)));
      const slots = Uint8Array.from({ length: n }, (_, i) => (pushOrder ? i & 7 : rnd(8)));
      const rows = Uint32Array.from({ length: n }, (_, i) => i);
      const expected = Array.from(rows).sort((a, b) => keys[a]! - keys[b]! || packs[a]! - packs[b]! || slots[a]! - slots[b]!);
      const got = Array.from(bucketRows(rows, keys, packs, slots, new Float64Array(n)));
      expect(got.map((r) => [keys[r], packs[r], slots[r]])).toEqual(expected.map((r) => [keys[r], packs[r], slots[r]]));
    }
  });
});
