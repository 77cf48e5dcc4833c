/**
 * declarativeNetRequest session rules on the extension's own requests (from no tab: the background, Chrome's
 * offscreen document and its workers). fetch() follows redirects without showing extension code where they lead:
 * `redirect: 'manual'` gives an opaque redirect with no Location in both Chrome 156 and Firefox 153 extension
 * contexts. So url-guard.ts's check of the first URL is repeated by the browser at every hop: one rule blocks every
 * such request to a local-network or loopback address (LOCAL_URL_REGEXES: one rule each), the first request and every redirect
 * alike, and the browser's own bound (20 redirects) caps the hops. A local address the extension may fetch (an
 * image of a page that is itself on one, a list URL the user gave) gets an allow rule for that exact URL while it
 * is fetched; a redirect from it to another local address is still blocked. referer.ts adds its rule here too.
 */
import browser from '../../browser.js';
import { isLocalHost, LOCAL_URL_REGEXES } from '../../lib/page/index.js';

type Dnr = typeof chrome.declarativeNetRequest;
type Rule = chrome.declarativeNetRequest.Rule;
const dnr = (browser as unknown as { declarativeNetRequest?: Dnr }).declarativeNetRequest;

/** The block rules' ids, one per expression, below the per-batch range. */
const BLOCK_IDS = LOCAL_URL_REGEXES.map((_, i) => 999_000 + i);
/** Per-batch rule ids: a restarted worker removes its predecessor's leftovers in this range. */
const FIRST_ID = 1_000_000;
const RANGE = 100_000;
let nextId = FIRST_ID;
let cleaned: Promise<void> | undefined;
let blocking: Promise<void> | undefined;

/** Block rule above allow rules above nothing; the Referer rule above both, so an allow rule never switches it off. */
export const PRIORITY = { block: 1, allow: 2, header: 3 } as const;

/** The extension's own requests that belong to no tab. */
export function ownRequests(): Pick<chrome.declarativeNetRequest.RuleCondition, 'initiatorDomains' | 'tabIds' | 'resourceTypes'> {
  return {
    initiatorDomains: [new URL(browser.runtime.getURL('')).hostname],
    tabIds: [-1],
    resourceTypes: ['xmlhttprequest', 'other'] as chrome.declarativeNetRequest.ResourceType[],
  };
}

/**
 * Installs (again, after every worker start: idempotent) the rule that blocks the extension's requests to local
 * addresses. Rejects when it cannot: callers then fetch nothing rather than fetch unguarded. No-op outside a
 * browser (Node tests and the CLI have no declarativeNetRequest).
 */
export function guardRedirects(): Promise<void> {
  if (!dnr) return Promise.resolve();
  blocking ??= dnr
    .updateSessionRules({
      removeRuleIds: BLOCK_IDS,
      addRules: LOCAL_URL_REGEXES.map((regexFilter, i) => ({
        id: BLOCK_IDS[i]!,
        priority: PRIORITY.block,
        action: { type: 'block' as chrome.declarativeNetRequest.RuleActionType },
        condition: { regexFilter, isUrlFilterCaseSensitive: false, ...ownRequests() },
      })),
    })
    .catch((e: unknown) => {
      blocking = undefined;
      throw new Error(`the redirect guard could not be installed (${e instanceof Error ? e.message : String(e)}); nothing is fetched without it`);
    });
  return blocking;
}

/**
 * Removes the per-batch rules a stopped worker left (session rules outlive it): called at every start, so a killed
 * worker's allow or Referer rule does not wait for the next batch to go. Runs once per start; batches await it.
 */
export function cleanOnce(): Promise<void> {
  if (!dnr) return Promise.resolve();
  cleaned ??= (async () => {
    const rules = await dnr!.getSessionRules();
    const stale = rules.map((r) => r.id).filter((id) => id >= FIRST_ID && id < FIRST_ID + RANGE);
    if (stale.length) await dnr!.updateSessionRules({ removeRuleIds: stale });
  })().catch((e: unknown) => console.warn('[License Lens] could not clear old fetch rules:', e));
  return cleaned;
}

function takeId(): number {
  const id = nextId;
  nextId = nextId + 1 >= FIRST_ID + RANGE ? FIRST_ID : nextId + 1;
  return id;
}

/** urlFilter for exactly this URL: `*` and `^` are wildcards there, so the filter stops before the first of them. */
function exactFilter(href: string): string {
  const cut = href.search(/[*^]/);
  return cut < 0 ? `|${href}|` : `|${href.slice(0, cut)}`;
}

/** Allow rules for the local URLs among `urls` that a page at `pageUrl` (or the user, pageUrl = the URL) may fetch. */
export function allowRules(pageUrl: string, urls: readonly string[]): Array<Omit<Rule, 'id'>> {
  const local = (u: string) => {
    try {
      const url = new URL(u);
      url.hash = ''; // never part of a request
      return (url.protocol === 'http:' || url.protocol === 'https:') && isLocalHost(url.hostname) ? url.href : undefined;
    } catch {
      return undefined;
    }
  };
  if (!local(pageUrl)) return [];
  const hrefs = new Set(urls.map(local).filter((h): h is string => h !== undefined));
  return [...hrefs].map((href) => ({
    priority: PRIORITY.allow,
    action: { type: 'allow' as chrome.declarativeNetRequest.RuleActionType },
    condition: { urlFilter: exactFilter(href), isUrlFilterCaseSensitive: true, ...ownRequests() },
  }));
}

/**
 * Runs `fn` with these session rules added, and removes them after. If they cannot be added, `fn` runs without
 * them: what they allow is then blocked, nothing more is let through. `fn` awaits guardRedirects() before fetching.
 */
export async function withSessionRules<T>(rules: Array<Omit<Rule, 'id'>>, fn: () => Promise<T>): Promise<T> {
  if (!dnr || !rules.length) return fn();
  await cleanOnce();
  const withIds = rules.map((r) => ({ ...r, id: takeId() }));
  try {
    await dnr.updateSessionRules({ addRules: withIds });
  } catch (e) {
    console.warn('[License Lens] could not add fetch rules; fetching without them:', e);
    return fn();
  }
  try {
    return await fn();
  } finally {
    await dnr.updateSessionRules({ removeRuleIds: withIds.map((r) => r.id) }).catch(() => undefined);
  }
}

/** A list download (or any URL the user gave): allowed to its own address, local or not, and no further. */
export async function withUserUrl<T>(url: string, fn: () => Promise<T>): Promise<T> {
  await guardRedirects();
  return withSessionRules(allowRules(url, [url]), fn);
}
