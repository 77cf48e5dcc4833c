import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Checker } from '../../src/core/checker.js';
import { reduceForHash } from '../../src/core/node.js';
import { changesText } from '../../src/lib/license/change-text.js';
import { parseList } from '../../src/lib/list/schema.js';
import { listToRegistry } from '../../src/lib/list/to-registry.js';
import { fileHints } from '../../src/lib/match/hints/hash-hints.js';
import { Matcher } from '../../src/lib/match/matcher.js';
import { queryOf, type Query } from '../../src/lib/match/hash/query.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { english } from '../../src/cli/match-lines.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../../src/node/decode.js';
import type { MatchHints, Work, WorkMatch } from '../../src/lib/types.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const model = { id: 'm', source: 'own' as const, creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false }, licensees: [] };
const file = readFileSync(img('astronaut.jpg'));

/** The astronaut registered as `license-lens build` now records it (`hashed`: with its file's SHA-256) or as before. */
async function matcherOf(hashed: boolean): Promise<Matcher> {
  const p = workFingerprints(await decodeFull(file));
  const work: Work = { id: 'a', source: 'own', modelId: 'm', fingerprints: p.fingerprints, detail: p.detail, size: await imageSizeOf(file), chroma: p.chroma, ...(hashed ? { sha256: sha(file) } : {}), addedAt: '' };
  return new Matcher({ creators: [], models: [model], works: [work] });
}

describe('the registered file\'s hash in the change hints (hash-hints.ts fileHints)', () => {
  const hashed = matcherOf(true);
  const plain = matcherOf(false);
  /** The match for `bytes`, the query carrying their hash as the extension's does (`withHash`) or not. */
  const check = async (m: Promise<Matcher>, bytes: Buffer, withHash = true): Promise<WorkMatch | undefined> => {
    const q: Query = { ...queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)), ...(withHash ? { sha256: sha(bytes) } : {}) };
    return (await m).match(q, 'https://a.example/').find((x) => x.workId === 'a');
  };
  const kinds = (m: WorkMatch | undefined) => m?.hints?.changes.map((c) => c.kind);

  it('calls the registered file itself "same image", flagged identical, 100% similar', async () => {
    const m = await check(hashed, file);
    expect(kinds(m)).toEqual(['same']);
    expect(m?.hints?.identical).toBe(true);
    expect(m?.hints?.similarity).toBe(100);
    expect(changesText(m!.hints!, english)).toBe('identical to the registered file');
  }, 60_000);

  it('calls a same-size re-save the comparison saw nothing in "resized or recompressed"', async () => {
    for (const copy of [await sharp(file).jpeg({ quality: 40 }).toBuffer(), await sharp(file).webp({ quality: 75 }).toBuffer()]) {
      const m = await check(hashed, copy);
      expect(kinds(m)).toEqual(['resized']);
      expect(m?.hints?.identical).toBeUndefined();
    }
    // A change the comparison named stays as it was: only the final "same image" becomes a re-save.
    expect(kinds(await check(hashed, await sharp(file).modulate({ saturation: 1.5 }).jpeg().toBuffer()))).toEqual(['colours']);
  }, 60_000);

  it('says what it said before when either side has no hash', async () => {
    const resaved = await sharp(file).jpeg({ quality: 40 }).toBuffer();
    for (const [m, bytes, withHash] of [[plain, file, true], [plain, resaved, true], [hashed, file, false], [hashed, resaved, false]] as const) {
      const found = await check(m, bytes, withHash);
      expect(kinds(found)).toEqual(['same']);
      expect(found?.hints?.identical).toBeUndefined();
      expect(changesText(found!.hints!, english)).toBe('same image');
    }
  }, 60_000);

  it('leaves hints alone without both hashes, and overrules a change read into identical bytes', () => {
    const h: MatchHints = { changes: [{ kind: 'marked', regions: [] }], similarity: 97, decidedBy: 'detail', size: { width: 10, height: 10 } };
    const q: Query = { fingerprint: '0'.repeat(64), quality: 50, sha256: 'a'.repeat(64) };
    expect(fileHints(h, { ...q, sha256: undefined }, { sha256: 'a'.repeat(64) })).toBe(h);
    expect(fileHints(h, q, undefined)).toBe(h);
    expect(fileHints(h, q, { sha256: 'b'.repeat(64) })).toBe(h);
    expect(fileHints(h, q, { sha256: 'a'.repeat(64) })).toEqual({ ...h, changes: [{ kind: 'same' }], similarity: 100, identical: true });
  });

  it('gives the query the file\'s hash when the checker reads bytes, none for pixels', async () => {
    const checker = new Checker({ creators: [], models: [], works: [] }, reduceForHash);
    expect((await checker.query(file)).sha256).toBe(sha(file));
    expect((await checker.query(await decodeFull(file))).sha256).toBeUndefined();
  }, 60_000);
});

describe('works[].sha256 in a list (list/schema.ts)', () => {
  const demo = JSON.parse(readFileSync(new URL('../../public/demo-list.json', import.meta.url), 'utf8')) as { works: Array<Record<string, unknown>> };
  const withHash = (h: unknown) => {
    const copy = structuredClone(demo);
    copy.works[0]!.sha256 = h;
    delete copy.works[1]!.sha256; // the demo list names every work's file: one without, as older lists are
    return parseList(JSON.stringify(copy));
  };

  it('accepts a work with or without it, and carries it into the registry', () => {
    const r = withHash(sha(file));
    if (!r.ok) throw new Error(r.error);
    expect(r.list.works[0]!.sha256).toBe(sha(file));
    expect(listToRegistry(r.list, 'list:l').works[0]!.sha256).toBe(sha(file));
    expect(listToRegistry(r.list, 'list:l').works[1]!.sha256).toBeUndefined();
  });

  it('refuses a malformed hash, saying what it must be', () => {
    for (const bad of [sha(file).toUpperCase(), sha(file).slice(1), `${sha(file)}0`, 42]) {
      expect(withHash(bad)).toMatchObject({ ok: false, error: expect.stringMatching(/works\.0\.sha256: sha256 is .*SHA-256 as 64 lowercase hex characters|works\.0\.sha256: sha256 is a SHA-256 in hex/) });
    }
  });
});
