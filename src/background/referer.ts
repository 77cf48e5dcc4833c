/**
 * Hotlink protection: many image hosts refuse (or swap the picture for a placeholder) when a request does not
 * carry a page of theirs or their customer's as Referer, and a background fetch carries none. While a batch is
 * fetched, one declarativeNetRequest session rule sets `Referer: <page origin>/` on requests to the batch's image
 * hosts that come from this extension and belong to no tab: the same value the page's own request carries under
 * the default `strict-origin-when-cross-origin` policy, so the host learns nothing new. Needs the
 * "declarativeNetRequestWithHostAccess" permission (Chrome 101+, Firefox 113+); works in both (tested by the
 * page-scan e2e test against a host that answers 403 without the page's Referer).
 */
import browser from '../browser.js';

type Dnr = typeof chrome.declarativeNetRequest;
const dnr = (browser as unknown as { declarativeNetRequest?: Dnr }).declarativeNetRequest;
/** Session rule ids this module owns: a restarted worker removes its predecessor's leftovers in this range. */
const FIRST_ID = 1_000_000;
const RANGE = 100_000;
let nextId = FIRST_ID;
let cleaned: Promise<void> | undefined;

function cleanOnce(): Promise<void> {
  cleaned ??= (async () => {
    const rules = await dnr!.getSessionRules();
    const stale = rules.map((r) => r.id).filter((id) => id >= FIRST_ID && id < FIRST_ID + RANGE);
    if (stale.length) await dnr!.updateSessionRules({ removeRuleIds: stale });
  })().catch((e: unknown) => console.warn('[License Lens] could not clear old referer rules:', e));
  return cleaned;
}

function hostsOf(urls: string[]): string[] {
  const hosts = new Set<string>();
  for (const u of urls) {
    try {
      const url = new URL(u);
      if (url.protocol === 'http:' || url.protocol === 'https:') hosts.add(url.hostname);
    } catch {
      // not a URL: nothing to fetch
    }
  }
  return [...hosts];
}

/** Runs `fn` (which fetches `urls`) with the page as Referer on those requests. */
export async function withPageReferer<T>(pageUrl: string, urls: string[], fn: () => Promise<T>): Promise<T> {
  const hosts = hostsOf(urls);
  let origin: string;
  try {
    origin = new URL(pageUrl).origin;
  } catch {
    return fn();
  }
  if (!dnr || !hosts.length || !origin.startsWith('http')) return fn();
  await cleanOnce();
  const id = nextId;
  nextId = nextId + 1 >= FIRST_ID + RANGE ? FIRST_ID : nextId + 1;
  const rule: chrome.declarativeNetRequest.Rule = {
    id,
    priority: 1,
    action: {
      type: 'modifyHeaders' as chrome.declarativeNetRequest.RuleActionType,
      requestHeaders: [{ header: 'referer', operation: 'set' as chrome.declarativeNetRequest.HeaderOperation, value: `${origin}/` }],
    },
    condition: {
      requestDomains: hosts,
      initiatorDomains: [new URL(browser.runtime.getURL('')).hostname],
      tabIds: [-1],
      resourceTypes: ['xmlhttprequest', 'other'] as chrome.declarativeNetRequest.ResourceType[],
    },
  };
  try {
    await dnr.updateSessionRules({ addRules: [rule] });
  } catch (e) {
    console.warn('[License Lens] could not add the referer rule; fetching without it:', e);
    return fn();
  }
  try {
    return await fn();
  } finally {
    await dnr.updateSessionRules({ removeRuleIds: [id] }).catch(() => undefined);
  }
}
