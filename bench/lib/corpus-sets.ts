/**
 * The image sets bench:robustness draws from ../shared/corpus, and the unrelated images it matches for false
 * matches: one definition for the benchmark and the scripts that replay or probe it (robustness-record.ts,
 * redraw-sliver-scan.ts), so their sets stay the same.
 */
import { readdirSync } from 'node:fs';
import sharp from 'sharp';
import { backdrop, BACKDROPS } from './backdrops.js';
import { makePortraits, type Portrait } from './portraits.js';
import { SHARED_DIR } from '../shared.js';

export const WORKS_DIR = `${SHARED_DIR}corpus/works/`;
const DIST_DIR = `${SHARED_DIR}corpus/distractors/`;

export interface CorpusSets {
  /** Every other work file (sorted), at most `limit`: the registered works. */
  registered: string[];
  /** Portrait-like composites of the distractors' transparent figures (bench/lib/portraits.ts), registered too. */
  portraits: Portrait[];
  /** Unrelated files: the works not registered, then every distractor file no portrait is made of. */
  unrelated: string[];
}

export async function corpusSets(portraitCount: number, limit = Infinity): Promise<CorpusSets> {
  const workFiles = readdirSync(WORKS_DIR).filter((f) => f.endsWith('.jpg')).sort();
  const unregistered = workFiles.filter((_, i) => i % 2 === 1);
  const distractors = readdirSync(DIST_DIR).sort().map((f) => DIST_DIR + f);
  const portraits = await makePortraits(distractors.filter((f) => f.endsWith('.png')), portraitCount, WORKS_DIR + unregistered[0]!);
  const figures = new Set(portraits.map((p) => p.figure));
  return {
    registered: workFiles.filter((_, i) => i % 2 === 0).slice(0, limit),
    portraits,
    unrelated: [...unregistered.map((f) => WORKS_DIR + f), ...distractors.filter((f) => !figures.has(f))],
  };
}

/** Each file as read, and a transparent one also composited on two backdrops (the i-th file: kinds i and i + 2 of 5). */
export async function* unrelatedImages(files: readonly string[]): AsyncGenerator<{ label: string; bytes: Buffer }> {
  for (const [i, file] of files.entries()) {
    const bytes = await sharp(file).toBuffer();
    const meta = await sharp(bytes).metadata();
    const label = file.slice(SHARED_DIR.length);
    yield { label, bytes };
    if (!meta.hasAlpha) continue;
    for (const kind of [BACKDROPS[i % 5]!, BACKDROPS[(i + 2) % 5]!]) {
      yield { label: `${label} on ${kind}`, bytes: await sharp(backdrop(kind, meta.width!, meta.height!)).composite([{ input: bytes }]).png().toBuffer() };
    }
  }
}
