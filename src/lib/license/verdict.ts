/**
 * License verdicts: may this site use an image made with this model? (The matcher's found works get theirs in
 * match/work-matches.ts.) Pure, so the rules are unit-tested.
 */
import type { Creator, Licensee, Model, Verdict } from '../types.js';

export function hostOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.hostname.toLowerCase().replace(/\.$/, '') || undefined;
  } catch {
    return undefined;
  }
}

/** A site entry may be a bare domain ("example.com"), a URL, or a host with a leading "*." or "."; subdomains are included. */
export function normaliseSite(site: string): string | undefined {
  const trimmed = site.trim().toLowerCase();
  if (!trimmed) return undefined;
  // Trim again after cutting the path or port: "studio.example /" must still name studio.example.
  const host = trimmed.includes('://') ? hostOf(trimmed) : trimmed.replace(/^\*?\./, '').split(/[/:]/)[0]!.trim();
  return host || undefined;
}

export function hostMatchesSite(host: string, site: string): boolean {
  const s = normaliseSite(site);
  return !!s && (host === s || host.endsWith(`.${s}`));
}

export function licenseIsCurrent(licensee: Licensee, now: Date): boolean {
  if (!licensee.expires) return true;
  const end = Date.parse(licensee.expires.length === 10 ? `${licensee.expires}T23:59:59.999Z` : licensee.expires);
  return Number.isFinite(end) && end >= now.getTime();
}

export function verdictFor(
  model: Pick<Model, 'license' | 'licensees'>,
  creator: Pick<Creator, 'homepage'> | undefined,
  pageUrl: string,
  now = new Date(),
): Verdict {
  const host = hostOf(pageUrl);
  if (host) {
    const own = creator?.homepage ? hostOf(creator.homepage) ?? normaliseSite(creator.homepage) : undefined;
    if (own && hostMatchesSite(host, own)) return 'licensed';
    for (const l of model.licensees) {
      if (licenseIsCurrent(l, now) && l.sites.some((s) => hostMatchesSite(host, s))) return 'licensed';
    }
  }
  if (model.license.commercialUse === 'allowed') return model.license.attributionRequired ? 'free-credit' : 'free';
  return 'unlicensed';
}

/** Order for lists: what needs attention first. */
export const VERDICT_ORDER: Record<Verdict, number> = { unlicensed: 0, unknown: 1, 'free-credit': 2, free: 3, licensed: 4 };
