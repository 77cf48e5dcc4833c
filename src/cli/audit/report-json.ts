/** The `--json` report: the audit's records as they are, with the summary a CI step reads first. */
import { type AuditReport, reportOrder, summarise } from './audit-result.js';

/** Bumped when a field changes meaning or goes away (new fields may come without it). */
export const JSON_REPORT_VERSION = 1;

export function jsonReport(report: AuditReport): string {
  const { items, ...rest } = report;
  return `${JSON.stringify({ reportVersion: JSON_REPORT_VERSION, ...rest, summary: summarise(items), images: reportOrder(items) }, null, 2)}\n`;
}
