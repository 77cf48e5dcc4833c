/**
 * Which image URLs the background may fetch for a page. A hostile page controls the URLs its content script
 * reports, so without this it could make the extension (which holds host permissions for every site and is not
 * bound by the page's CORS) request its router, a service on the user's loopback, or the extension itself.
 * Rules: only http(s) and data: (blob: URLs belong to the page and are read there), never the extension's own
 * origin or any other scheme, and never a local-network, loopback or link-local address unless the page itself is
 * on such an address (then its images legitimately are too, like the demo page on 127.0.0.1).
 *
 * Pure and synchronous: it sees names and literal addresses only. A public name that resolves to a private address
 * (DNS rebinding) is out of its reach; docs/security.md says so.
 */

/** Why an image URL must not be fetched for this page, or undefined when it may be. */
export function fetchRefusal(imageUrl: string, pageUrl: string): string | undefined {
  let image: URL;
  try {
    image = new URL(imageUrl);
  } catch {
    return 'not a valid URL';
  }
  const scheme = image.protocol.slice(0, -1);
  if (scheme === 'data') return undefined;
  if (scheme !== 'http' && scheme !== 'https') return `${scheme}: URLs are not fetched`;
  // fetch() refuses these anyway; refusing here keeps credentials out of logs and error messages too.
  if (image.username || image.password) return 'URLs with credentials are not fetched';
  if (isLocalHost(image.hostname) && !pageIsLocal(pageUrl)) return 'local-network address, and the page is not on one';
  return undefined;
}

export function mayFetch(imageUrl: string, pageUrl: string): boolean {
  return fetchRefusal(imageUrl, pageUrl) === undefined;
}

function pageIsLocal(pageUrl: string): boolean {
  try {
    const u = new URL(pageUrl);
    return (u.protocol === 'http:' || u.protocol === 'https:') && isLocalHost(u.hostname);
  } catch {
    return false;
  }
}

/**
 * The same classification as regular expressions over a whole URL as the browser writes it (WHATWG-serialised:
 * IPv4 dotted decimal, IPv6 compressed in brackets, names lower-cased), for the declarativeNetRequest rule that
 * refuses the extension's requests to local addresses at every redirect hop (background/scan/fetch-rules.ts); fetch()
 * hides a redirect's target from extension code in both browsers. Together they agree with isLocalHost on every IPv4 address
 * and name; for IPv6 it also takes in every IPv4-mapped, IPv4-compatible, NAT64 and 6to4 address (public ones
 * too: no public site serves images from such literals). tests/unit/url-guard.test.ts holds the two side by side.
 */
const OCTET = '[0-9]+';
const LOCAL_HOSTS = [
  `(0|10|127)(\\.${OCTET}){3}`,
  `100\\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])(\\.${OCTET}){2}`,
  `169\\.254(\\.${OCTET}){2}`,
  `172\\.(1[6-9]|2[0-9]|3[01])(\\.${OCTET}){2}`,
  `192\\.(0|168)(\\.${OCTET}){2}`,
  `198\\.(18|19)(\\.${OCTET}){2}`,
  `(22[4-9]|2[3-5][0-9])(\\.${OCTET}){3}`,
  `\\[(::|64:ff9b:|2002:|f[cd][0-9a-f]{2}:|fe[89a-f][0-9a-f]:|ff[0-9a-f]{2}:)[^\\]]*\\]`,
  `([^/?#@:.\\[\\]]+\\.)*(localhost|local|home\\.arpa|internal)\\.?`,
  `[^/?#@:.\\[\\]]+\\.?`, // a single label
];
/** One expression per kind of host: Chrome 156 refuses the whole alternation as over its regex memory limit. */
export const LOCAL_URL_REGEXES = LOCAL_HOSTS.map((host) => `^https?://([^/?#@]*@)?(${host})(:[0-9]*)?([/?#]|$)`);

/** Reserved names that only ever mean this machine or the local network (RFC 6761, 6762, 8375; ICANN .internal). */
const LOCAL_SUFFIXES = ['.localhost', '.local', '.home.arpa', '.internal'];

/**
 * True for loopback, private, link-local, shared (CGNAT), unspecified, multicast and reserved addresses, the
 * reserved local names, and single-label names (resolved through the local search domain: "router", "nas").
 * `hostname` is as the WHATWG URL parser gives it: IPv4 in dotted decimal (it already turned "0x7f.1" and
 * "2130706433" into "127.0.0.1"), IPv6 in brackets, names lower-cased and punycoded.
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[') && host.endsWith(']')) return isLocalIPv6(host.slice(1, -1));
  const v4 = parseIPv4(host);
  if (v4) return isLocalIPv4(v4);
  if (host === 'localhost' || LOCAL_SUFFIXES.some((s) => host.endsWith(s))) return true;
  return !host.includes('.');
}

function parseIPv4(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

export function isLocalIPv4([a, b]: number[]): boolean {
  if (a === undefined || b === undefined) return false;
  return (
    a === 0 || // "this network", 0.0.0.0 reaches the loopback on Linux and macOS
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // shared address space (carrier-grade NAT)
    (a === 169 && b === 254) || // link-local, cloud metadata services
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // 192.0.0.0/24 protocol assignments, 192.0.2.0/24 documentation
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  );
}

/** Expands an IPv6 literal (as the URL parser writes it: compressed, hex, no zone) to eight 16-bit groups. */
function ipv6Groups(addr: string): number[] | undefined {
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string) => (s ? s.split(':') : []);
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const groups = [...head, ...Array<string>(halves.length === 2 ? 8 - head.length - tail.length : 0).fill('0'), ...tail];
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16));
}

export function isLocalIPv6(addr: string): boolean {
  const g = ipv6Groups(addr.toLowerCase());
  if (!g) return true; // not an address we understand: refuse rather than guess
  const [g0, , , , , g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const embeddedV4 = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  const zeroPrefix = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroPrefix(7) && g7 <= 1) return true; // :: and ::1
  if (zeroPrefix(5) && g5 === 0xffff) return isLocalIPv4(embeddedV4); // IPv4-mapped
  if (zeroPrefix(6)) return isLocalIPv4(embeddedV4); // IPv4-compatible (deprecated)
  if (g0 === 0x64 && g[1] === 0xff9b) return isLocalIPv4(embeddedV4); // NAT64
  if (g0 === 0x2002) return isLocalIPv4([g[1]! >> 8, g[1]! & 0xff, g[2]! >> 8, g[2]! & 0xff]); // 6to4
  return (
    (g0 & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (g0 & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (g0 & 0xffc0) === 0xfec0 || // site-local fec0::/10 (deprecated, still routed on some networks)
    (g0 & 0xff00) === 0xff00 // multicast
  );
}
