/**
 * The second, smaller message table: from the extension (background, popup) to the content script in a tab,
 * sent with tabs.sendMessage. Pages cannot send these (a content script's runtime.onMessage only hears its own
 * extension), so the content side checks the name and shape but needs no sender check.
 */
import type { ImageResult, ScanProgress } from '../protocol/messages.js';

/** What was under the pointer at the last right-click: the image URL it shows and how it shows it. */
export interface ContextTarget {
  url: string;
  kind: 'img' | 'background' | 'pseudo' | 'svg-image' | 'video-poster';
}

/** What the right-click card shows: a check under way, its result, or why it failed. */
/** Set in the content script's world by the background before an on-demand injection (background/right-click/inject.ts). */
export const ON_DEMAND_FLAG = '__licenseLensOnDemand';

export type CardContent =
  | { state: 'checking'; url: string }
  | { state: 'result'; result: ImageResult; sourceNames?: Record<string, string> }
  | { state: 'error'; url: string; error: string };

export interface PageMessages {
  /** The image under the pointer at the last right-click in this frame (null when none was found). */
  'target/get': { request: Record<string, never>; response: ContextTarget | null };
  /** Draw (or redraw) the card next to the right-clicked element. */
  'card/show': { request: CardContent; response: { shown: boolean } };
  /** What the card shows now, read through the extension (the card lives in a closed shadow root). */
  'card/state': { request: Record<string, never>; response: { open: boolean; state?: CardContent['state']; verdict?: string; text: string } };
  /** "Show on page": scroll to the image with this URL and highlight it for a moment. */
  'image/highlight': { request: { url: string }; response: { found: boolean } };
  /**
   * Read one image in the page, as data: bytes (right-click check without host access: the page may read a
   * same-origin or CORS-clean image the background may not fetch). No data when the page cannot read it either.
   */
  'image/read': { request: { url: string }; response: { data?: string } };
  /**
   * How far this frame's scan is (the URL audit waits on it): images found, how many are still waiting for their
   * position or verdict, and whether the walk is done with nothing left to send (or scanning is off here).
   */
  'scan/progress': { request: Record<string, never>; response: ScanProgress };
}

export type { ScanProgress };

export type PageMessageName = keyof PageMessages;
export type PageRequest<K extends PageMessageName> = PageMessages[K]['request'];
export type PageResponse<K extends PageMessageName> = PageMessages[K]['response'];

export interface PageEnvelope<K extends PageMessageName = PageMessageName> {
  channel: 'license-lens/page';
  type: K;
  payload: PageRequest<K>;
}

const NAMES: ReadonlySet<string> = new Set<PageMessageName>(['target/get', 'card/show', 'card/state', 'image/highlight', 'image/read', 'scan/progress']);

export function pageEnvelope<K extends PageMessageName>(type: K, payload: PageRequest<K>): PageEnvelope<K> {
  return { channel: 'license-lens/page', type, payload };
}

export function isPageEnvelope(m: unknown): m is PageEnvelope {
  if (typeof m !== 'object' || m === null) return false;
  const e = m as Partial<PageEnvelope>;
  return e.channel === 'license-lens/page' && typeof e.type === 'string' && NAMES.has(e.type) && typeof e.payload === 'object' && e.payload !== null;
}
