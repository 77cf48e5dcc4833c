/**
 * The Compare and Report page's data (`evidence/get`) and the card's way to open that page (`compare/open`).
 * Read only: the tab's stored result, the registry's work, model and creator, the list the work came from, and the
 * page image fetched once more (the tab keeps only a 96 px thumbnail; the fetch takes the browser's cache first,
 * with the scan's guards). Nothing leaves the browser here: a report goes out only from the page, on a click.
 */
import browser from '../browser.js';
import { keyFingerprint, verifyList } from '../lib/list/index.js';
import { fetchRefusal } from '../lib/page/index.js';
import { comparePath, type EvidenceData, type EvidenceList, type ImageResult } from '../lib/protocol/index.js';
import type { SourceId } from '../lib/types.js';
import type { RegistryDB } from '../storage/db.js';
import { getSubscription } from '../storage/subscriptions.js';
import { fetchImage } from '../pixels/fetch-image.js';
import { dataUrlOf, sniffSize } from '../pixels/pixels.js';
import { DEMO_LIST_PATH } from './demo.js';
import type { Handlers } from './dispatch.js';
import { guardRedirects } from './scan/fetch-rules.js';
import { withPageReferer } from './scan/referer.js';
import { ready } from './state.js';
import { tabReport } from './tab-results/index.js';

/** A page image larger than this is shown from its thumbnail: it would be a message of tens of megabytes. */
const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

async function listOf(db: RegistryDB, source: SourceId): Promise<EvidenceList | undefined> {
  if (source === 'own') return undefined;
  if (source === 'demo') {
    const v = await verifyList(await (await fetch(browser.runtime.getURL(DEMO_LIST_PATH))).text());
    if (!v.ok) return undefined;
    return { id: v.list.id, name: v.list.name, edition: v.list.version, publisher: v.list.publisher.name, keyFingerprint: v.keyFingerprint };
  }
  const sub = await getSubscription(db, source.slice('list:'.length));
  if (!sub) return undefined;
  return { id: sub.listId, name: sub.listName, edition: sub.version, publisher: sub.publisher, keyFingerprint: sub.keyFingerprint || (await keyFingerprint(sub.publicKey)) };
}

async function pageImage(r: ImageResult, pageUrl: string): Promise<EvidenceData<ImageResult>['image']> {
  const thumb = r.thumb ? { dataUrl: r.thumb, from: 'thumbnail' as const } : undefined;
  if (r.url.startsWith('data:')) return { dataUrl: r.url, from: 'fetched' };
  if (fetchRefusal(r.url, pageUrl)) return thumb;
  try {
    await guardRedirects();
    const { bytes } = await withPageReferer(pageUrl, [r.url], () => fetchImage(r.url));
    if (bytes.length > MAX_IMAGE_BYTES) return thumb;
    const type = { jpg: 'jpeg', svg: 'svg+xml' }[sniffSize(bytes).type] ?? sniffSize(bytes).type;
    return { dataUrl: dataUrlOf(bytes, `image/${type}`), from: 'fetched' };
  } catch {
    return thumb;
  }
}

export const evidenceHandlers: Pick<Handlers, 'evidence/get' | 'compare/open'> = {
  async 'evidence/get'(req) {
    const report = await tabReport(req.tabId);
    const result = report.flagged.find((r) => r.url === req.url);
    if (!result) throw new Error('this image is no longer among the tab’s flagged images (the page was reloaded or closed)');
    const match = result.matches.find((m) => m.workId === req.workId) ?? result.matches[0]!;
    const db = await ready();
    const work = await db.get('works', match.workId);
    if (!work) throw new Error('the matched work is no longer in the registry (its list was removed)');
    const model = await db.get('models', work.modelId);
    const creator = model && (await db.get('creators', model.creatorId));
    const [list, image, ownThumb] = await Promise.all([
      listOf(db, match.source),
      pageImage(result, report.pageUrl),
      match.source === 'own' ? db.get('thumbs', work.id) : undefined,
    ]);
    return {
      pageUrl: report.pageUrl,
      result,
      match,
      work: { id: work.id.slice(match.source.length + 1), model: work.modelId.slice(match.source.length + 1), title: work.title, fingerprints: work.fingerprints, detail: work.detail, ...(work.sha256 ? { sha256: work.sha256 } : {}), ownThumb },
      list,
      channel: match.source === 'own' ? undefined : (model?.report ?? creator?.report),
      image,
      extensionVersion: browser.runtime.getManifest().version,
    };
  },
  async 'compare/open'(req, sender) {
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new Error('compare/open must come from a tab');
    await browser.tabs.create({ url: browser.runtime.getURL(comparePath(tabId, req.url, req.workId, req.report)), index: sender.tab!.index + 1 });
    return {};
  },
};
