/**
 * Options page section #lists: publish a signed list of the user's own models and works, subscribe to lists by
 * URL or file, and for each subscribed list show its publisher, key fingerprint, counts, last update and the
 * reason of a failed update, with "update now" and "remove". Every value shown comes from a stranger's list:
 * text nodes only.
 */
import { send } from '../messaging.js';
import { MAX_LIST_BYTES } from '../lib/list/index.js';
import type { Subscription } from '../storage/subscriptions.js';
import { h, safeHref } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import type { ListPhase } from '../lib/protocol/index.js';
import { download, fileInput } from './list-files.js';
import { FinishedAfterRestart, runListOp, sendPatiently } from './list-op.js';
import { sectionAction, statusLine } from './section-status.js';

const when = (ms: number | undefined) => (ms ? new Date(ms).toLocaleString() : '—');

const PHASE_TEXT = {
  download: 'listsPhaseDownload',
  verify: 'listsPhaseVerify',
  store: 'listsPhaseStore',
  index: 'listsPhaseIndex',
  remove: 'listsPhaseRemove',
} as const satisfies Record<ListPhase, string>;

/** An action: gets told each phase of a list operation, returns the outcome line. */
type Work = (onPhase: (p: ListPhase) => void) => Promise<string>;

export async function mountLists(root: HTMLElement): Promise<void> {
  const { status, say } = statusLine('lists-status');
  const list = h('ul', { id: 'subscriptions', class: 'subscriptions' });
  const empty = h('p', { id: 'lists-empty', hidden: true }, t('listsNone'));

  // Malformed stored works the matcher left out (issue 19.3): said here, where lists and their works are managed.
  const unusable = h('p', { id: 'registry-unusable', class: 'error', role: 'alert', hidden: true });
  const render = (subs: Subscription[], unusableWorks = 0) => {
    list.replaceChildren(...subs.map((s) => item(s, act)));
    empty.hidden = subs.length > 0;
    root.dataset.count = String(subs.length);
    unusable.hidden = unusableWorks === 0;
    unusable.textContent = unusableWorks ? t('registryUnusable', String(unusableWorks)) : '';
  };
  // Patiently: after an operation the background may be one the browser is just starting again.
  const refresh = async () => {
    const [subs, summary] = await Promise.all([sendPatiently('lists/get', {}), sendPatiently('registry/summary', {})]);
    render(subs, summary.unusableWorks);
  };
  const run = sectionAction({ root, say, refresh, failed: (reason) => t('listsFailed', reason) });
  /** Runs one action, showing its phase and time so far while it runs (a download may take up to a minute). */
  const act = (work: Work) =>
    run(async () => {
      const started = Date.now();
      let phase: ListPhase | undefined;
      const show = () => phase && say(t('listsProgress', [t(PHASE_TEXT[phase]), String(Math.round((Date.now() - started) / 1000))]), 'progress');
      const tick = setInterval(show, 1000);
      try {
        return await work((p) => {
          phase = p;
          show();
        });
      } finally {
        clearInterval(tick);
      }
    });

  // Publish.
  const exportBtn = h('button', { type: 'button', id: 'list-export' }, t('listsExport'));
  exportBtn.addEventListener('click', () =>
    void act(async () => {
      const f = await send('lists/export', {});
      download(f.filename, f.text);
      return t('listsExported', [f.filename, String(f.models), String(f.works)]);
    }),
  );

  // Subscribe.
  const url = h('input', { type: 'url', id: 'list-url', placeholder: 'https://…/list.json', required: true, size: 50 });
  const form = h('form', { id: 'list-subscribe' }, h('label', { htmlFor: 'list-url' }, t('listsUrlLabel')), ' ', url, ' ', h('button', { type: 'submit' }, t('listsSubscribe')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void act(async (onPhase) => {
      const sub = await runListOp('lists/subscribe-url', { url: url.value.trim() }, onPhase);
      url.value = '';
      return t('listsSubscribed', [sub.listName, String(sub.works)]);
    });
  });
  const file = fileInput(
    'list-file',
    t('listsFileLabel'),
    (text) =>
      act(async (onPhase) => {
        const sub = await runListOp('lists/subscribe-file', { text }, onPhase);
        return t('listsSubscribed', [sub.listName, String(sub.works)]);
      }),
    MAX_LIST_BYTES,
    () => say(t('listsFailed', t('listsFileTooLarge', String(MAX_LIST_BYTES / 1048576))), 'error'),
  );

  root.append(
    h('h3', {}, t('listsPublishTitle')),
    h('p', {}, t('listsPublishIntro')),
    h('p', { class: 'actions' }, exportBtn),
    h('h3', {}, t('listsSubscribeTitle')),
    h('p', {}, t('listsSubscribeIntro')),
    form,
    h('p', { class: 'actions' }, file),
    status,
    unusable,
    h('h3', {}, t('listsSubscribedTitle')),
    empty,
    list,
  );
  await refresh();
  root.dataset.ready = 'true';
}

function item(s: Subscription, act: (work: Work) => Promise<void>): HTMLLIElement {
  const update = h('button', { type: 'button', class: 'update' }, t('listsUpdateNow'));
  update.addEventListener('click', () =>
    void act(async (onPhase) => {
      const after = await runListOp('lists/update', { id: s.id }, onPhase);
      if (after.error) throw new Error(after.error);
      return t('listsUpdated', after.listName);
    }),
  );
  const remove = h('button', { type: 'button', class: 'remove' }, t('listsRemove'));
  remove.addEventListener('click', () =>
    void act(async (onPhase) => {
      await runListOp('lists/remove', { id: s.id }, onPhase).catch((e: unknown) => {
        if (!(e instanceof FinishedAfterRestart)) throw e;
      });
      return t('listsRemoved', s.listName);
    }),
  );
  const home = safeHref(s.homepage);
  return h(
    'li',
    { class: 'subscription', 'data-id': s.id, 'data-state': s.error ? 'error' : 'ok' },
    h('p', {}, h('strong', { class: 'list-name' }, s.listName), ' · ', t('listsBy'), ' ', home ? h('a', { href: home, target: '_blank', rel: 'noopener noreferrer', class: 'publisher' }, s.publisher) : h('span', { class: 'publisher' }, s.publisher)),
    h('p', { class: 'meta' }, t('listsKey'), ' ', h('code', { class: 'key' }, s.keyFingerprint)),
    h('p', { class: 'meta counts' }, t('listsCounts', [String(s.models), String(s.works), String(s.version)])),
    h('p', { class: 'meta' }, t('listsDates', [when(s.installedAt), when(s.checkedAt)])),
    h('p', { class: 'meta source' }, s.url ? t('listsFromUrl', s.url) : t('listsFromFile')),
    s.error ? h('p', { class: 'error', role: 'alert' }, t('listsLastUpdateFailed', s.error)) : null,
    h('p', { class: 'actions' }, s.url ? update : null, ' ', remove),
  );
}
