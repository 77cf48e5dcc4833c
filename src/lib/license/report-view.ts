/**
 * What the popup and the right-click card say about checked images, as pure functions of the data and a
 * translator, so ordering, summaries and state choice are unit-tested in Node without a browser.
 */
import type { ImageResult, SourceInfo, TabReport } from '../protocol/messages.js';
import type { LicenseTerms, SourceId, Verdict, WorkMatch } from '../types.js';
import { changesText } from './change-text.js';
import { hostMatchesSite, hostOf, VERDICT_ORDER } from './verdict.js';

/** A translator: browser.i18n.getMessage in the extension, a table in tests. */
export type Translate = (key: string, substitutions?: string | string[]) => string;

/** The match an image is shown with: the matcher sorts matches most urgent first. */
export function primary(img: ImageResult): WorkMatch | undefined {
  return img.matches[0];
}

/** Flagged images, unlicensed first (VERDICT_ORDER), then the closest match, then by URL for a stable order. */
export function sortFlagged(images: readonly ImageResult[]): ImageResult[] {
  const rank = (img: ImageResult) => {
    const m = primary(img);
    return m ? VERDICT_ORDER[m.verdict] : Number.MAX_SAFE_INTEGER;
  };
  return [...images].sort(
    (a, b) => rank(a) - rank(b) || (primary(a)?.distance ?? 256) - (primary(b)?.distance ?? 256) || a.url.localeCompare(b.url),
  );
}

export interface Counts {
  flagged: number;
  licensed: number;
  checked: number;
}

export function countsOf(report: TabReport): Counts {
  return {
    flagged: report.flagged.length,
    licensed: report.flagged.filter((img) => primary(img)?.verdict === 'licensed').length,
    checked: report.checked,
  };
}

export function verdictKey(verdict: Verdict): string {
  return `verdict_${verdict.replace('-', '_')}`;
}

/**
 * That of the comparison that decided the match (MatchHints.similarity); for a match without hints (stored before
 * they existed), from the hash: 0 bits apart is 100 %, the matching threshold (20 of 256) is about 92 %.
 */
export function similarity(m: Pick<WorkMatch, 'distance' | 'hints'>): number {
  return m.hints?.similarity ?? Math.round((1 - m.distance / 256) * 100);
}

/** The license in one line: personal use, commercial use, price, credit, derivatives. */
export function licenseSummary(l: LicenseTerms, t: Translate): string {
  const parts = [l.personalUse ? t('termPersonalFree') : t('termPersonalNo'), t(`termCommercial_${l.commercialUse.replace('-', '_')}`)];
  if (l.price) parts.push(t('termPrice', l.price));
  if (l.attributionRequired) parts.push(t('termCredit'));
  if (!l.derivativesAllowed) parts.push(t('termNoDerivatives'));
  return parts.join(' · ');
}

/** "95% similar · mirrored, cropped (10% from the left)" or, for a generation-record match, what tied the file to the model. */
export function matchHint(m: WorkMatch, t: Translate): string {
  if (m.reason === 'generation-record') return t('recordReason');
  const parts = [t('popupSimilarity', String(similarity(m)))];
  if (m.hints?.changes.length) parts.push(changesText(m.hints, t));
  return parts.join(' · ');
}

/** The list a match came from, by a readable name when one is known ('list:<id>' otherwise shows its id). */
export function sourceLabel(source: SourceId, t: Translate, names: Readonly<Record<string, string>> = {}): string {
  if (source === 'own') return t('sourceOwn');
  if (source === 'demo') return t('sourceDemo');
  const name = names[source];
  if (source.startsWith('registry:')) return t('sourceRegistry', name && name.trim() ? name : source.slice('registry:'.length));
  return t('sourceList', name && name.trim() ? name : source.slice('list:'.length));
}

/**
 * Readable names by source id, for `sourceLabel`: a list as "Portrait models (Lin Yue)", a registry publisher as
 * "Lin Yue · verified: creator.example (Example registry)" or "… · unverified (…)" (with `t`; without it, no claim).
 */
export function sourceNames(info: SourceInfo, t?: Translate): Record<string, string> {
  return Object.fromEntries(
    Object.entries(info).map(([source, s]) => {
      if (!s.registry || !t) return [source, `${s.listName} (${s.publisher})`];
      const claim = s.verified?.length ? t('registryVerified', s.verified.join(', ')) : t('registryUnverified');
      return [source, `${s.publisher} · ${claim} (${s.listName})`];
    }),
  );
}

export function modelTitle(m: WorkMatch): string {
  return m.model.version ? `${m.model.name} ${m.model.version}` : m.model.name;
}

/** What the popup shows above (or instead of) the list of flagged images. */
export type PopupState =
  | { kind: 'error'; message: string }
  | { kind: 'unsupported' }
  | { kind: 'scanning'; checked: number; pending?: number }
  | { kind: 'paused'; by: 'site' | 'setting' }
  | { kind: 'no-images' }
  | { kind: 'none-registered'; checked: number }
  | { kind: 'flagged'; paused?: 'site' | 'setting'; pending?: number };

export interface PopupInput {
  /** The tab's URL as the browser reports it (undefined when the popup may not know it). */
  tabUrl?: string;
  /** The tab is still loading. */
  loading: boolean;
  report?: TabReport;
  error?: string;
  /** Automatic scanning is paused for this tab's site (by the site list) or off everywhere (by the setting). */
  paused?: 'site' | 'setting';
  /**
   * Images the page's content script found and has not had judged yet (waiting for their position, their turn or
   * their verdict: `scan/progress`); undefined when the page did not answer.
   */
  pending?: number;
}

/** The report for the page the tab shows now, or an empty one when the stored results are from an earlier page. */
export function currentReport(input: Pick<PopupInput, 'tabUrl' | 'report'>): TabReport | undefined {
  const r = input.report;
  if (!r) return undefined;
  if (input.tabUrl && r.pageUrl && stripHash(r.pageUrl) !== stripHash(input.tabUrl)) return undefined;
  return r.pageUrl ? r : undefined;
}

function stripHash(u: string): string {
  const i = u.indexOf('#');
  return i < 0 ? u : u.slice(0, i);
}

/**
 * Which message the popup leads with. Flagged images always show (a right-click check works on paused pages
 * too); otherwise an error beats a pause, a pause beats "scanning", and a finished scan says what it found.
 */
export function popupState(input: PopupInput): PopupState {
  if (input.error) return { kind: 'error', message: input.error };
  if (input.tabUrl !== undefined && !/^https?:/i.test(input.tabUrl)) return { kind: 'unsupported' };
  const report = currentReport(input);
  const pending = input.pending ? { pending: input.pending } : {};
  if (report?.flagged.length) return input.paused ? { kind: 'flagged', paused: input.paused } : { kind: 'flagged', ...pending };
  if (input.paused) return { kind: 'paused', by: input.paused };
  // Stored results are final only once the page has nothing left waiting: until then "none registered" would be a
  // claim about images not judged yet.
  if (!report || input.loading || input.pending) return { kind: 'scanning', checked: report?.checked ?? 0, ...pending };
  if (report.checked === 0) return { kind: 'no-images' };
  return { kind: 'none-registered', checked: report.checked };
}

/** Why automatic scanning does not run on a page: the global setting, the site's pause, or undefined (it runs). */
export function pauseReason(s: { autoScan: boolean; pausedSites: readonly string[] }, pageUrl: string): 'setting' | 'site' | undefined {
  if (!s.autoScan) return 'setting';
  const host = hostOf(pageUrl);
  return host && s.pausedSites.some((site) => hostMatchesSite(host, site)) ? 'site' : undefined;
}

/**
 * The paused-sites list with a host paused or resumed. Resuming removes every entry that covers the host
 * (a paused "example.com" also pauses "www.example.com", so it must go for www to be scanned again).
 */
export function withSitePaused(sites: readonly string[], host: string, paused: boolean): string[] {
  const covering = (s: string) => hostMatchesSite(host, s);
  if (paused) return sites.some(covering) ? [...sites] : [...sites, host];
  return sites.filter((s) => !covering(s));
}
