/** Writes an audit's reports as its options ask (folder or pages): the table or JSON on stdout, HTML and SARIF files. */
import { writeFile } from 'node:fs/promises';
import type { AuditOptions } from './audit-args.js';
import type { AuditReport } from './audit-result.js';
import { htmlReport } from './report-html.js';
import { jsonReport } from './report-json.js';
import { sarifReport } from './report-sarif.js';
import { tableReport } from './report-table.js';

/** `thumbs` is asked for only when an HTML report is wanted (a folder audit makes them then). */
export async function writeReports(report: AuditReport, opts: Pick<AuditOptions, 'json' | 'html' | 'sarif'>, thumbs: () => Promise<ReadonlyMap<string, string>>): Promise<void> {
  process.stdout.write(opts.json ? jsonReport(report) : tableReport(report));
  if (opts.html) await writeFile(opts.html, htmlReport(report, await thumbs()));
  if (opts.sarif) await writeFile(opts.sarif, sarifReport(report));
}
