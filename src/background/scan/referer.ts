/**
 * Hotlink protection: many image hosts refuse (or swap the picture for a placeholder) when a request does not
 * carry a page of theirs or their customer's as Referer, and a background fetch carries none. While a batch is
 * fetched, one declarativeNetRequest session rule sets `Referer: <page origin>/` on requests to the batch's image
 * hosts that come from this extension and belong to no tab: the same value the page's own request carries under
 * the default `strict-origin-when-cross-origin` policy, so the host learns nothing new. Needs the
 * "declarativeNetRequestWithHostAccess" permission (Chrome 101+, Firefox 113+); works in both (tested by the
 * page-scan e2e test against a host that answers 403 without the page's Referer). The batch's allow rules for a
 * local page's local images (fetch-rules.ts) go in with it.
 */
import { allowRules, ownRequests, PRIORITY, withSessionRules } from './fetch-rules.js';

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

/** Runs `fn` (which fetches `urls`) with the page as Referer on those requests, behind the redirect guard. */
export async function withPageReferer<T>(pageUrl: string, urls: string[], fn: () => Promise<T>): Promise<T> {
  const hosts = hostsOf(urls);
  let origin: string;
  try {
    origin = new URL(pageUrl).origin;
  } catch {
    return withSessionRules([], fn);
  }
  if (!hosts.length || !origin.startsWith('http')) return withSessionRules([], fn);
  const referer: Omit<chrome.declarativeNetRequest.Rule, 'id'> = {
    priority: PRIORITY.header,
    action: {
      type: 'modifyHeaders' as chrome.declarativeNetRequest.RuleActionType,
      requestHeaders: [{ header: 'referer', operation: 'set' as chrome.declarativeNetRequest.HeaderOperation, value: `${origin}/` }],
    },
    condition: { requestDomains: hosts, ...ownRequests() },
  };
  return withSessionRules([referer, ...allowRules(pageUrl, urls)], fn);
}
