/** Pure helpers for what the creator types or drops in the options page. */

/** Sites may be separated by commas, semicolons, spaces or new lines. */
export function splitSites(text: string): string[] {
  return text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
}

/** A work's default title: "sunset_04.final.png" -> "sunset_04.final"; for a URL, its last path segment, decoded. */
export function titleFrom(nameOrUrl: string): string {
  let name = nameOrUrl;
  if (/^https?:/i.test(nameOrUrl)) {
    try {
      name = decodeURIComponent(new URL(nameOrUrl).pathname.split('/').filter(Boolean).pop() ?? '');
    } catch {
      name = '';
    }
  }
  return name.replace(/\.[A-Za-z0-9]{2,5}$/, '').trim().slice(0, 200);
}

/** The image URL of a right-click registration: the options page opens with `#register=<encodeURIComponent(url)>`. */
export function registerUrlFromHash(hash: string): string | undefined {
  const m = /^#register=(.+)$/.exec(hash);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
}
