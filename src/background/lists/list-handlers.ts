/** Handlers for the signing key and list messages; spread into handlers.ts. */
import { fromBackup, keyFingerprint, type KeyPairInfo, listText, ownListDraft, signList, toBackup } from '../../lib/list/index.js';
import type { KeyView, SourceInfo } from '../../lib/protocol/index.js';
import { signingKey, writeSigningKey } from '../../storage/signing-key.js';
import { getSetting, readAll, setSetting } from '../../storage/registry.js';
import { listSubscriptions, sourceOf } from '../../storage/subscriptions.js';
import type { Handlers } from '../dispatch.js';
import { ready } from '../state.js';
import { listOpOutcome, runListOp } from './list-ops.js';
import { registrySourceInfo } from '../registries/registry-handlers.js';

async function view(k: KeyPairInfo): Promise<KeyView> {
  return { publicKey: k.publicKey, fingerprint: await keyFingerprint(k.publicKey), created: k.created };
}

/** A list id that stays the same for every edition a key signs, so subscribers see one list, updated. */
export async function ownListId(publicKey: string): Promise<string> {
  return `ll-${(await keyFingerprint(publicKey)).replaceAll(' ', '').slice(0, 16)}`;
}

/** Each subscribed list's (and registry publisher's) name and key, by source id: how the popup and the card name a match's source. */
export async function sourceInfo(): Promise<SourceInfo> {
  const out: SourceInfo = await registrySourceInfo();
  for (const s of await listSubscriptions(await ready())) out[sourceOf(s)] = { publisher: s.publisher, listName: s.listName, keyFingerprint: s.keyFingerprint };
  return out;
}

type ListMessages =
  | 'keys/get' | 'keys/export' | 'keys/import'
  | 'lists/get' | 'lists/subscribe-url' | 'lists/subscribe-file' | 'lists/update' | 'lists/remove' | 'lists/export' | 'lists/sources' | 'lists/op-result';

export const listHandlers: Pick<Handlers, ListMessages> = {
  async 'keys/get'() {
    return view(await signingKey(await ready()));
  },
  async 'keys/export'() {
    const key = await signingKey(await ready());
    const fp = (await keyFingerprint(key.publicKey)).replaceAll(' ', '').slice(0, 8);
    return { filename: `license-lens-key-${fp}.json`, text: `${JSON.stringify(toBackup(key), null, 2)}\n` };
  },
  async 'keys/import'(req) {
    const key = await fromBackup(req.text);
    await writeSigningKey(await ready(), key);
    return view(key);
  },
  async 'lists/get'() {
    return listSubscriptions(await ready());
  },
  // The options page runs these over a port (list-port.ts); as messages they take the same path.
  'lists/subscribe-url': (req) => runListOp('lists/subscribe-url', req),
  'lists/subscribe-file': (req) => runListOp('lists/subscribe-file', req),
  'lists/update': (req) => runListOp('lists/update', req),
  'lists/remove': (req) => runListOp('lists/remove', req),
  'lists/op-result': (req) => listOpOutcome(req.id),
  async 'lists/export'() {
    const db = await ready();
    const key = await signingKey(db);
    const lastVersion = await getSetting(db, 'lastExportedListVersion', 0);
    const draft = ownListDraft(await readAll(db), { listId: await ownListId(key.publicKey), lastVersion });
    const list = await signList(draft, key);
    await setSetting(db, 'lastExportedListVersion', list.version);
    return { filename: `${list.id}.json`, text: listText(list), models: list.models.length, works: list.works.length };
  },
  'lists/sources': () => sourceInfo(),
};
