/**
 * What the Compare and Report page (src/compare/) gets from the background for one flagged image: the tab's
 * result, the work it matched as the registry holds it (its list id, fingerprints, detail thumbnail, the user's own
 * thumbnail), the signed list it came from, its report channel, and the page image itself.
 */
import type { WorkMatch } from '../types.js';

export interface EvidenceList {
  id: string;
  name: string;
  /** The list's `version`: the edition installed. */
  edition: number;
  publisher: string;
  keyFingerprint: string;
}

/** `R` is messages.ts's ImageResult (a parameter, so the two files do not import each other). */
export interface EvidenceData<R> {
  pageUrl: string;
  result: R;
  match: WorkMatch;
  work: {
    /** The work's id in its list (the registry's source namespace dropped). */
    id: string;
    model: string;
    title?: string;
    fingerprints: string[];
    /** 32x32 luminance thumbnail, base64url, when the list carries one. */
    detail?: string;
    /** The registered file's SHA-256, when the list carries it. */
    sha256?: string;
    /** The user's own registered work's thumbnail (data: URL). */
    ownThumb?: string;
  };
  /** Absent for the user's own works: they report to nobody. */
  list?: EvidenceList;
  /** `mailto:` or an https form URL from the list (model's, else publisher's), absent when the list has none. */
  channel?: string;
  /** The page image as a data: URL, fetched again for this page (the thumbnail when that failed), and its size. */
  image?: { dataUrl: string; from: 'fetched' | 'thumbnail' };
  extensionVersion: string;
}

export const COMPARE_PAGE = 'src/compare/index.html';

/** The Compare page's path for one image of a tab (`report`: straight to its "Report to creator" part). */
export function comparePath(tabId: number, url: string, workId: string | undefined, report: boolean): string {
  const q = new URLSearchParams({ tab: String(tabId), url, ...(workId ? { work: workId } : {}) });
  return `${COMPARE_PAGE}?${q}${report ? '#report' : ''}`;
}
