import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { circles, importGraph, levels } from './helpers/import-graph.js';

const graph = importGraph();

describe('import graph of src/', () => {
  it('reads the imports (the background entry reaches lib)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect([...graph.values()].flat().some((f) => f.startsWith('lib/'))).toBe(true);
  });

  it('has no import circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('reports files per folder and import levels', () => {
    const perFolder = new Map<string, number>();
    for (const f of graph.keys()) perFolder.set(dirname(f), (perFolder.get(dirname(f)) ?? 0) + 1);
    const [widest, most] = [...perFolder].sort((a, b) => b[1] - a[1])[0]!;
    const libFolders = [...perFolder].filter(([d]) => d === 'lib' || d.startsWith('lib/') || d === 'pixels' || d.startsWith('background/tab-results'));
    const [widestLib, mostLib] = libFolders.sort((a, b) => b[1] - a[1])[0]!;
    const srcLevels = Math.max(...levels(graph).values());
    const libLevels = Math.max(...levels(graph, (f) => f.startsWith('lib/')).values());
    console.log(`[import graph] ${graph.size} files; most in one folder: ${most} (${widest}), in lib: ${mostLib} (${widestLib}); import levels: ${srcLevels} in src, ${libLevels} in src/lib`);
    // No lib folder of more than about 15 files side by side (genmeta's 16 format parsers and face are the fullest room).
    expect(mostLib).toBeLessThanOrEqual(17);
    // 9 before lib/registry, which sits on both the list face (level 8) and the match face (9): 13 with its builder on top.
    expect(libLevels).toBeLessThanOrEqual(13);
  });
});
