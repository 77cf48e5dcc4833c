/** Handlers for the user's own registry ('own/...' messages): storage in storage/own.ts, whose writes refresh the matcher. */
import type { Handlers } from './dispatch.js';
import { ready } from './state.js';
import { addWorks, deleteModel, deleteWork, getProfile, listModels, listWorks, saveModel, setProfile, updateWork } from '../storage/own.js';

type OwnHandlers = Pick<
  Handlers,
  | 'own/profile/get'
  | 'own/profile/set'
  | 'own/models/list'
  | 'own/model/save'
  | 'own/model/delete'
  | 'own/works/add'
  | 'own/work/update'
  | 'own/work/delete'
  | 'own/works/list'
>;

export const ownHandlers: OwnHandlers = {
  async 'own/profile/get'() {
    return (await getProfile(await ready())) ?? null;
  },
  async 'own/profile/set'(req) {
    const db = await ready();
    return setProfile(db, req);
  },
  async 'own/models/list'() {
    return listModels(await ready());
  },
  async 'own/model/save'(req) {
    const db = await ready();
    return saveModel(db, req);
  },
  async 'own/model/delete'(req) {
    const db = await ready();
    return { works: await deleteModel(db, req.id) };
  },
  async 'own/works/add'(req) {
    const db = await ready();
    return addWorks(db, req.works);
  },
  async 'own/work/update'(req) {
    const db = await ready();
    return updateWork(db, req.id, req);
  },
  async 'own/work/delete'(req) {
    const db = await ready();
    await deleteWork(db, req.id);
    return {};
  },
  async 'own/works/list'(req) {
    return listWorks(await ready(), req);
  },
};
