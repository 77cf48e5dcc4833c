/** Handlers for the signing key and list messages; spread into handlers.ts. */
import { fromBackup, keyFingerprint, type KeyPairInfo, listText, ownListDraft, signList, toBackup } from '../lib/list/index.js';
import type { KeyView, SourceInfo } from '../lib/protocol/index.js';
import { signingKey, writeSigningKey } from '../storage/signing-key.js';
import { getSetting, readAll, setSetting } from '../storage/registry.js';
import { listSubscriptions, sourceOf } from '../storage/subscriptions.js';
import type { Handlers } from './dispatch.js';
import { ready } from './state.js';
import { removeSubscription, subscribeText, subscribeUrl, updateSubscription } from './subscriptions.js';

async function view(k: KeyPairInfo): Promise<KeyView> {
  return { publicKey: k.publicKey, fingerprint: await keyFingerprint(k.publicKey), created: k.created };
}

/** A list id that stays the same for every edition a key signs, so subscribers see one list, updated. */
export async function ownListId(publicKey: string): Promise<string> {
  return `ll-${(await keyFingerprint(publicKey)).replaceAll(' ', '').slice(0, 16)}`;
}

/** Each subscribed list's publisher, name and key, by source id: how the popup and the card name a match's list. */
export async function sourceInfo(): Promise<SourceInfo> {
  const out: SourceInfo = {};
  for (const s of await listSubscriptions(await ready())) out[sourceOf(s)] = { publisher: s.publisher, listName: s.listName, keyFingerprint: s.keyFingerprint };
  return out;
}

type ListMessages =
  | 'keys/get' | 'keys/export' | 'keys/import'
  | 'lists/get' | 'lists/subscribe-url' | 'lists/subscribe-file' | 'lists/update' | 'lists/remove' | 'lists/export' | 'lists/sources';

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
  async 'lists/subscribe-url'(req) {
    return subscribeUrl(await ready(), req.url);
  },
  async 'lists/subscribe-file'(req) {
    return subscribeText(await ready(), req.text);
  },
  async 'lists/update'(req) {
    return updateSubscription(await ready(), req.id);
  },
  async 'lists/remove'(req) {
    const db = await ready();
    await removeSubscription(db, req.id);
    return listSubscriptions(db);
  },
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
