/** Scanning a batch directly, for the offscreen tests: as a content script sends it, from the extension's own tab. */
import { tabReport, type Session } from '../../../scripts/lib/launch.js';
import type { ImageResult, Result } from '../../../src/lib/protocol/messages.js';

/** One batch as a content script sends it, from the extension's own tab; results by path, with their thumbnails from the tab report. */
export async function scanBatch(s: Session, pageUrl: string, urls: string[]): Promise<Map<string, ImageResult>> {
  const tabId = await s.ext.evaluate(async () => (await chrome.tabs.getCurrent())!.id!);
  const r = await s.ext.evaluate(
    (page: string, list: string[]) => chrome.runtime.sendMessage({ type: 'scan/images', payload: { pageUrl: page, fresh: true, images: list.map((url) => ({ url })) } }) as Promise<Result<{ results: ImageResult[] }>>,
    pageUrl,
    urls,
  );
  if (!r.ok) throw new Error(r.error);
  const thumbs = new Map((await tabReport(s, tabId)).flagged.map((f) => [f.url, f.thumb]));
  return new Map(r.value.results.map((x) => [x.url.replace(/\?.*/, '').replace(/^https?:\/\/[^/]+/, ''), { ...x, thumb: thumbs.get(x.url) }]));
}
