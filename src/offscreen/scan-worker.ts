/**
 * One of the offscreen document's scanning workers (pool.ts): the same scanUrl/thumbUrl as the document's own
 * thread, in a dedicated worker, so fetches, decodes and the JavaScript fingerprint of several images run on
 * several cores instead of queuing on the document's one thread. Workers have fetch (with the extension's host
 * access), IndexedDB, ImageDecoder and OffscreenCanvas; no extension API is needed here. Only the document talks
 * to it: a request is { id, op, url }, the answer { id, reply } with the same OffscreenReply the document sends on.
 */
import { poolSize, type PoolRequest } from './pool.js';
import { failure, scanUrl, shareFullDecodes, thumbUrl } from './scan-image.js';

shareFullDecodes(poolSize());

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent<PoolRequest>) => void) | null; postMessage(m: unknown): void };

scope.onmessage = ({ data }) => {
  const { id, op, url } = data;
  void (op === 'scan' ? scanUrl(url) : thumbUrl(url)).catch(failure).then((reply) => scope.postMessage({ id, reply }));
};
