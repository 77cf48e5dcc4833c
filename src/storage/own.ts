/**
 * The user's own registrations (source 'own'): profile, models with their license terms and licensees, works with
 * thumbnails. List operations (replaceSource for 'list:...' and 'demo') never touch these records, and every
 * change here that spans records is one transaction. Ids are 'own/...' so they never collide with a list's.
 */
import type { Creator, Model, Work } from '../lib/types.js';
import type { ModelInputT, NewWorkT, ProfileInput } from '../lib/own/index.js';
import type { OwnModel, OwnWork, WorkPage } from '../lib/protocol/index.js';
import type { RegistryDB } from './db.js';
import { allOrNothing } from './registry.js';
import { writingRegistry } from './registry-events.js';

export type { OwnModel, OwnWork, WorkPage };

export const OWN_CREATOR_ID = 'own/creator';

let seq = 0;
/** Ids sort by creation time (base-36 milliseconds, then a counter), so the works index pages in the order added. */
export function newOwnId(kind: 'm' | 'w', now = Date.now()): string {
  seq = (seq + 1) % 1_679_616;
  const rand = Math.floor(Math.random() * 1_679_616).toString(36).padStart(4, '0');
  return `own/${kind}-${now.toString(36).padStart(9, '0')}-${seq.toString(36).padStart(4, '0')}${rand}`;
}

/** Empty form fields arrive as "" after trimming: store them as absent. */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined && x !== '')) as T;
}

export async function getProfile(db: RegistryDB): Promise<Creator | undefined> {
  return db.get('creators', OWN_CREATOR_ID);
}

export async function setProfile(db: RegistryDB, p: ProfileInput): Promise<Creator> {
  const old = await getProfile(db);
  // The public key is written by the key section; keep it.
  const creator: Creator = clean({ ...p, id: OWN_CREATOR_ID, source: 'own' as const, publicKey: old?.publicKey });
  await writingRegistry(() => db.put('creators', creator));
  return creator;
}

export async function listModels(db: RegistryDB): Promise<OwnModel[]> {
  const models = await db.getAllFromIndex('models', 'source', 'own');
  return Promise.all(models.map(async (m) => ({ ...m, works: await db.countFromIndex('works', 'modelId', m.id) })));
}

export async function saveModel(db: RegistryDB, input: ModelInputT): Promise<Model> {
  if (!(await getProfile(db))) throw new Error('save your creator profile before adding models');
  if (input.id) {
    const old = await db.get('models', input.id);
    if (!old || old.source !== 'own') throw new Error(`no model ${input.id} of yours`);
  }
  const hashes = input.hashes && clean(input.hashes);
  const model: Model = clean({
    ...input,
    id: input.id ?? newOwnId('m'),
    source: 'own' as const,
    creatorId: OWN_CREATOR_ID,
    hashes: hashes && Object.keys(hashes).length ? hashes : undefined,
    license: clean(input.license),
    licensees: input.licensees.map((l) => clean({ ...l, sites: l.sites.filter(Boolean) })),
  });
  await writingRegistry(() => db.put('models', model));
  return model;
}

/** Deletes the model, its works and their thumbnails together. Returns how many works went with it. */
export async function deleteModel(db: RegistryDB, id: string): Promise<number> {
  const tx = db.transaction(['models', 'works', 'thumbs'], 'readwrite');
  const model = await tx.objectStore('models').get(id);
  if (!model || model.source !== 'own') {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new Error(`no model ${id} of yours`);
  }
  const keys = await tx.objectStore('works').index('modelId').getAllKeys(id);
  await writingRegistry(() =>
    Promise.all([
      ...keys.flatMap((k) => [tx.objectStore('works').delete(k), tx.objectStore('thumbs').delete(k)]),
      tx.objectStore('models').delete(id),
      tx.done,
    ]),
  );
  return keys.length;
}

/** Adds works (one batch, one transaction): all are stored or none. */
export async function addWorks(db: RegistryDB, items: NewWorkT[], now = new Date()): Promise<Work[]> {
  const tx = db.transaction(['models', 'works', 'thumbs'], 'readwrite');
  const out: Work[] = [];
  await writingRegistry(() => allOrNothing(tx, async (pending) => {
    for (const id of new Set(items.map((i) => i.modelId))) {
      const m = await tx.objectStore('models').get(id);
      if (!m || m.source !== 'own') throw new Error(`no model ${id} of yours`);
    }
    for (const item of items) {
      const work: Work = clean({
        id: newOwnId('w', now.getTime()),
        source: 'own' as const,
        modelId: item.modelId,
        title: item.title,
        fingerprints: item.fingerprints,
        detail: item.detail,
        size: item.size,
        chroma: item.chroma,
        sha256: item.sha256,
        addedAt: now.toISOString(),
      });
      pending.push(tx.objectStore('works').add(work));
      if (item.thumb) pending.push(tx.objectStore('thumbs').put(item.thumb, work.id));
      out.push(work);
    }
  }));
  return out;
}

export async function updateWork(db: RegistryDB, id: string, change: { title?: string; modelId?: string }): Promise<Work> {
  const tx = db.transaction(['models', 'works'], 'readwrite');
  const work = await tx.objectStore('works').get(id);
  const model = change.modelId ? await tx.objectStore('models').get(change.modelId) : undefined;
  if (!work || work.source !== 'own' || (change.modelId && (!model || model.source !== 'own'))) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new Error(!work || work.source !== 'own' ? `no work ${id} of yours` : `no model ${change.modelId} of yours`);
  }
  const next: Work = { ...work };
  if (change.title !== undefined) next.title = change.title || undefined;
  if (change.modelId) next.modelId = change.modelId;
  await writingRegistry(() => Promise.all([tx.objectStore('works').put(clean(next)), tx.done]));
  return next;
}

export async function deleteWork(db: RegistryDB, id: string): Promise<void> {
  const tx = db.transaction(['works', 'thumbs'], 'readwrite');
  const work = await tx.objectStore('works').get(id);
  if (!work || work.source !== 'own') {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new Error(`no work ${id} of yours`);
  }
  await writingRegistry(() => Promise.all([tx.objectStore('works').delete(id), tx.objectStore('thumbs').delete(id), tx.done]));
}

/** One page of the user's works, newest first, with thumbnails; optionally only one model's. */
export async function listWorks(db: RegistryDB, q: { offset: number; limit: number; modelId?: string }): Promise<WorkPage> {
  const tx = db.transaction(['works', 'thumbs'], 'readonly');
  const index = tx.objectStore('works').index(q.modelId ? 'modelId' : 'source');
  const key = q.modelId ?? 'own';
  const total = await index.count(key);
  const works: Work[] = [];
  let cursor = await index.openCursor(key, 'prev');
  if (cursor && q.offset > 0) cursor = await cursor.advance(q.offset);
  while (cursor && works.length < q.limit) {
    if (cursor.value.source === 'own') works.push(cursor.value);
    cursor = await cursor.continue();
  }
  const thumbs = await Promise.all(works.map((w) => tx.objectStore('thumbs').get(w.id)));
  await tx.done;
  return { works: works.map((w, i) => (thumbs[i] ? { ...w, thumb: thumbs[i] } : w)), total };
}
