/**
 * The list worker (lib/protocol/list-job.ts): a dedicated worker started by Firefox's event page or, in Chrome, by
 * the offscreen document, one per list operation and ended with it. Workers have fetch (with the extension's
 * host access and its request rules: background/scan/fetch-rules.ts) and IndexedDB. A request is { id, request },
 * the answer { id, reply }.
 */
import type { ListJobRequest } from '../lib/protocol/index.js';
import { openRegistry, type RegistryDB } from '../storage/db.js';
import { ListJob } from './list-job.js';

let db: Promise<RegistryDB> | undefined;
const job = new ListJob(() => (db ??= openRegistry()));
const scope = globalThis as unknown as { onmessage: ((e: MessageEvent<{ id: number; request: ListJobRequest }>) => void) | null; postMessage(m: unknown): void };

scope.onmessage = ({ data }) => {
  void job.run(data.request).then((reply) => scope.postMessage({ id: data.id, reply }));
};
