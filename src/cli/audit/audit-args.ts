/** `license-lens audit` arguments to options (pure, unit-tested): what to audit, with which lists, what to write. */
import { availableParallelism } from 'node:os';
import { pageUrlForSite } from '../../core/index.js';
import { args, CliError } from '../util.js';
import { AUDIT_USAGE, defaultCacheDir, FAIL_ON, type FailOn } from './usage.js';

export { FAIL_ON, type FailOn };

export interface AuditOptions {
  folder: string;
  lists: string[];
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
    site: { type: 'string' },
    json: { type: 'boolean' },
    html: { type: 'string' },
    sarif: { type: 'string' },
    'fail-on': { type: 'string', multiple: true },
    cache: { type: 'string' },
    'no-cache': { type: 'boolean' },
    jobs: { type: 'string' },
  });
  if (positionals.length !== 1) throw new CliError(`name one folder to audit\n\n${AUDIT_USAGE}`);
  const lists = values.list ?? [];
  if (!lists.length) throw new CliError('--list list.json is required (repeat it for several lists)');
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
    folder: positionals[0]!,
    lists,
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
