/**
 * `license-lens/core` in Node: the extension's matcher as a library. Load signed lists, then
 * `check(bytes | pixels, {site})` gives the verdict record the popup shows for that image on that site.
 *
 *   import { loadChecker } from 'license-lens/core';
 *   const checker = await loadChecker({ lists: ['list.json', 'https://creator.example/list.json'] });
 *   const { status, matches } = await checker.check(await readFile('hero.png'), { site: 'shop.example' });
 *
 * Decoding is sharp's, reduced the way the browser reduces (src/node/decode.ts). See docs/audit.md.
 */
import { Checker, type ImageInput } from './index.js';
import { decodeForHash } from '../node/decode.js';
import { readListText } from '../node/list-source.js';

export { Checker };
export type { CheckOptions, ImageInput, ImageVerdict, LoadedList, Reduce } from './index.js';
export type { GenRecord, Verdict, WorkMatch } from '../lib/types.js';

export interface LoadOptions {
  /** Signed list files or http(s) addresses; every signature is verified. */
  lists?: string[];
  /** Signed lists' texts, already read. */
  listTexts?: string[];
  // The registry (issue 24's `--registry`) adds its source here when it lands.
}

/** sharp's reduction: bytes or RGBA pixels to the 256x256 copy on white that the extension fingerprints. */
export const reduceForHash = (input: ImageInput) => decodeForHash(input);

export async function loadChecker(options: LoadOptions): Promise<Checker> {
  const texts = [...(options.listTexts ?? []), ...(await Promise.all((options.lists ?? []).map(readListText)))];
  if (!texts.length) throw new Error('no list given: pass lists or listTexts');
  return Checker.fromLists(texts, reduceForHash);
}
