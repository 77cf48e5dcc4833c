/** `license-lens audit` arguments to options (pure, unit-tested): what to audit, with which lists, what to write. */
import { availableParallelism } from 'node:os';
import { pageUrlForSite } from '../../core/index.js';
import { args, CliError } from '../util.js';
import { AUDIT_USAGE, defaultCacheDir, FAIL_ON, type FailOn } from './usage.js';

export { FAIL_ON, type FailOn };

export interface AuditOptions {
  folder: string;
  /** URL audit (pages or a sitemap in headless Chromium with the extension); absent for a folder. */
  url?: { targets: string[]; sitemap: boolean; depth: number; maxPages: number; concurrency: number; pageTimeoutMs: number };
  lists: string[];
  /** Registries (folders or http(s) addresses of their manifest), looked up after the lists. */
  registries: string[];
  /** "shop.example": the host whose licenses count (verdict.ts), as the page's host does in the extension. */
  site?: string;
  /** Fingerprint cache and resume point; undefined with --no-cache. */
  cache?: string;
  json: boolean;
  html?: string;
  sarif?: string;
  failOn: Set<FailOn>;
  jobs: number;
  /** The progress bar, when stderr is a terminal (never in --json, which owns stdout). */
  progress: boolean;
}

export function auditOptions(argv: string[], isTty = false): AuditOptions {
  const { values, positionals } = args(argv, {
    list: { type: 'string', multiple: true },
    registry: { type: 'string', multiple: true },
    site: { type: 'string' },
    json: { type: 'boolean' },
    html: { type: 'string' },
    sarif: { type: 'string' },
    'fail-on': { type: 'string', multiple: true },
    cache: { type: 'string' },
    'no-cache': { type: 'boolean' },
    jobs: { type: 'string' },
    depth: { type: 'string' },
    'max-pages': { type: 'string' },
    concurrency: { type: 'string' },
    'page-timeout': { type: 'string' },
  });
  const url = urlTargets(positionals, values);
  if (!url && positionals.length !== 1) throw new CliError(`name one folder, page addresses or a sitemap to audit\n\n${AUDIT_USAGE}`);
  const lists = values.list ?? [];
  const registries = values.registry ?? [];
  if (!lists.length && !registries.length) throw new CliError('--list list.json or --registry <folder|URL> is required (each may be repeated)');
  if (values.cache && values['no-cache']) throw new CliError('--cache and --no-cache contradict each other');
  const failOn = new Set<FailOn>();
  for (const v of (values['fail-on'] ?? ['unlicensed']).flatMap((s) => s.split(','))) {
    const name = v.trim();
    if (!(FAIL_ON as readonly string[]).includes(name)) throw new CliError(`--fail-on ${name}: not one of ${FAIL_ON.join(', ')}`);
    failOn.add(name as FailOn);
  }
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new CliError(`--jobs ${values.jobs}: a whole number from 1 to 64`);
  if (values.site !== undefined) {
    try {
      pageUrlForSite(values.site);
    } catch {
      throw new CliError(`--site "${values.site}": not a host name or URL`);
    }
  }
  return {
    folder: url ? positionals.join(' ') : positionals[0]!,
    ...(url ? { url } : {}),
    lists,
    registries,
    site: values.site,
    cache: values['no-cache'] ? undefined : (values.cache ?? defaultCacheDir()),
    json: !!values.json,
    html: values.html,
    sarif: values.sarif,
    failOn,
    jobs,
    progress: isTty && !values.json,
  };
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);
const isSitemap = (s: string) => /\.xml(\.gz)?$/i.test(isUrl(s) ? new URL(s).pathname : s);

function whole(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`--${name} ${value}: a whole number from ${min} to ${max}`);
  return n;
}

/** Page addresses or one sitemap (URL or .xml file) make a URL audit; its own options are refused for a folder. */
function urlTargets(positionals: string[], values: Record<string, unknown>): AuditOptions['url'] {
  const urlMode = positionals.some(isUrl) || (positionals.length === 1 && isSitemap(positionals[0]!));
  if (!urlMode) {
    for (const o of ['depth', 'max-pages', 'concurrency', 'page-timeout']) if (values[o] !== undefined) throw new CliError(`--${o} is for auditing pages (URLs or a sitemap), not a folder`);
    return undefined;
  }
  // The extension decides licenses with each page's own host; a folder's --site, --cache and --jobs mean nothing here.
  for (const o of ['site', 'cache', 'no-cache', 'jobs']) if (values[o] !== undefined) throw new CliError(`--${o} is for auditing a folder; pages are judged for their own host`);
  const bad = positionals.find((p) => !isUrl(p));
  if (bad && positionals.length > 1) throw new CliError(`${bad}: give http(s) page addresses, or one sitemap`);
  const sitemap = positionals.length === 1 && isSitemap(positionals[0]!);
  if (sitemap && /\.gz$/i.test(positionals[0]!)) throw new CliError('a gzipped sitemap is not read: give the .xml');
  return {
    targets: positionals,
    sitemap,
    depth: whole('depth', values.depth as string | undefined, 0, 0, 10),
    maxPages: whole('max-pages', values['max-pages'] as string | undefined, 50, 1, 10_000),
    concurrency: whole('concurrency', values.concurrency as string | undefined, 2, 1, 8),
    pageTimeoutMs: whole('page-timeout', values['page-timeout'] as string | undefined, 90, 5, 3600) * 1000,
  };
}
