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
import { decodeForHash, imageSizeOf } from '../node/decode.js';
import { readListText } from '../node/list-source.js';
import { registrySource } from '../node/registry-source.js';

export { Checker };
export type { CheckOptions, ImageInput, ImageVerdict, LoadedList, LoadedRegistry, Reduce } from './index.js';
export type { GenRecord, Verdict, WorkMatch } from '../lib/types.js';

export interface LoadOptions {
  /** Signed list files or http(s) addresses; every signature is verified. */
  lists?: string[];
  /** Signed lists' texts, already read. */
  listTexts?: string[];
  /** Registries: folders or http(s) addresses of their manifest.json; signature and every file's hash checked. */
  registries?: string[];
  /** Where fetched registry files are kept and each registry's key is pinned (none: the manifest's key is trusted for this checker only). */
  registryCache?: string;
}

/** sharp's reduction: bytes or RGBA pixels to the 256x256 copy on white that the extension fingerprints, with the natural size. */
export const reduceForHash = async (input: ImageInput) => {
  const px = await decodeForHash(input);
  return Object.assign(px, { natural: input instanceof Uint8Array ? await imageSizeOf(input) : { width: input.width, height: input.height } });
};

export async function loadChecker(options: LoadOptions): Promise<Checker> {
  const texts = [...(options.listTexts ?? []), ...(await Promise.all((options.lists ?? []).map(readListText)))];
  const remote = await registrySource(options.registries ?? [], options.registryCache);
  if (!texts.length && !remote) throw new Error('no list or registry given: pass lists, listTexts or registries');
  return Checker.fromLists(texts, reduceForHash, remote);
}
