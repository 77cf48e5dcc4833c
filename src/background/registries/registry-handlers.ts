/** Handlers for the registry messages; spread into handlers.ts. The long operations go through the list-operation queue (list-ops.ts). */
import type { SourceInfo } from '../../lib/protocol/index.js';
import { listRegistries } from '../../storage/registries.js';
import type { Handlers } from '../dispatch.js';
import { runListOp } from '../lists/list-ops.js';
import { ready } from '../state.js';
import { setPublisher } from './registry-client.js';

type RegistryMessages = 'registries/get' | 'registries/add-url' | 'registries/add-file' | 'registries/update' | 'registries/remove' | 'registries/publisher';

/** Each registry publisher's name, registry and verification, by source id (`registry:<id>/<publisher>`). */
export async function registrySourceInfo(): Promise<SourceInfo> {
  const out: SourceInfo = {};
  for (const r of await listRegistries(await ready())) {
    for (const p of r.publishers) out[`registry:${r.id}/${p.id}`] = { publisher: p.name, listName: r.name, keyFingerprint: p.keyFingerprint, registry: true, verified: p.verified };
  }
  return out;
}

export const registryHandlers: Pick<Handlers, RegistryMessages> = {
  async 'registries/get'() {
    return listRegistries(await ready());
  },
  'registries/add-url': (req) => runListOp('registries/add-url', req),
  'registries/add-file': (req) => runListOp('registries/add-file', req),
  'registries/update': (req) => runListOp('registries/update', req),
  'registries/remove': (req) => runListOp('registries/remove', req),
  async 'registries/publisher'(req) {
    return setPublisher(await ready(), req.id, req.publisher, req.on);
  },
};
