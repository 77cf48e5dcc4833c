/** `license-lens audit <URL ...|sitemap.xml>`: the pages' audit, written by the folder audit's report writers. */
import type { AuditOptions } from '../audit-args.js';
import { type AuditReport, exitCode } from '../audit-result.js';
import { writeReports } from '../write-reports.js';
import { runUrlAudit } from './run-url-audit.js';
import pkg from '../../../../package.json' with { type: 'json' };

export async function auditPages(opts: AuditOptions): Promise<number> {
  const url = opts.url!;
  const startedAt = new Date();
  const r = await runUrlAudit({
    ...url,
    lists: opts.lists,
    registries: opts.registries,
    onPage: opts.progress ? (u) => process.stderr.write(`auditing ${u}\n`) : undefined,
  });
  const report: AuditReport = {
    tool: { name: 'license-lens', version: pkg.version },
    folder: opts.folder,
    pages: r.pages,
    disallowed: r.disallowed,
    leftOut: r.leftOut,
    lists: r.lists,
    ...(r.registries.length ? { registries: r.registries } : {}),
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    items: r.items,
  };
  await writeReports(report, opts, async () => r.thumbs);
  // Not one page audited: an error, not a clean bill (the table or JSON above names why).
  if (r.pages.length && r.pages.every((p) => p.error)) return 2;
  // A page that could not be audited, or only in part, counts as an unreadable image would.
  return r.pages.some((p) => p.error || p.incomplete) && opts.failOn.has('unreadable') ? 1 : exitCode(r.items, opts.failOn);
}
