/** The terminal table: one line per flagged or unreadable image, most urgent first, then the counts. */
import { type AuditReport, reportOrder, sourceLabel, summarise, worstVerdict } from './audit-result.js';

const clip = (s: string, n: number) => (s.length > n ? `…${s.slice(s.length - n + 1)}` : s);

/** Control characters in list text or file names would move the cursor: shown as "?" instead. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const plain = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

export function tableReport(report: AuditReport): string {
  const rows = reportOrder(report.items).filter((it) => it.matches.length || it.status === 'unreadable');
  const lines: string[] = [];
  const width = Math.min(60, Math.max(5, ...rows.map((r) => r.file.length)));
  if (rows.length) lines.push(`${'image'.padEnd(width)}  ${'verdict'.padEnd(11)}  model (creator)`);
  for (const it of rows) {
    const file = plain(clip(it.file, width)).padEnd(width);
    if (it.status === 'unreadable') {
      lines.push(`${file}  ${'unreadable'.padEnd(11)}  ${plain(it.reason ?? '')}`);
      continue;
    }
    const models = it.matches.map((m) => {
      const from = sourceLabel(report, m.source);
      return `${m.model.name}${m.model.version ? ` ${m.model.version}` : ''} (${m.creator.name})${from ? ` ${from}` : ''}`;
    });
    lines.push(`${file}  ${worstVerdict(it)!.padEnd(11)}  ${plain([...new Set(models)].join('; '))}${it.page ? `  on ${plain(it.page)}` : ''}`);
  }
  const s = summarise(report.items);
  const v = s.byVerdict;
  if (report.pages) {
    lines.push(...pagesLines(report, width));
    // The extension reports only flagged images one by one: the counts of clear images come from each page.
    const checked = report.pages.reduce((n, p) => n + p.checked, 0);
    const skipped = report.pages.reduce((n, p) => n + p.skipped, 0);
    lines.push(
      `${report.pages.length} pages, ${checked} images checked, ${skipped} skipped: ${s.images} flagged on a page (${v.unlicensed} unlicensed, ${v.unknown} unknown terms, ` +
        `${v['free-credit']} free with credit, ${v.free} free, ${v.licensed} licensed, each page's own host as the licensee); ${(report.durationMs / 1000).toFixed(1)} s`,
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `${s.images} images: ${v.unlicensed} unlicensed, ${v.unknown} unknown terms, ${v['free-credit']} free with credit, ${v.free} free, ${v.licensed} licensed, ` +
      `${s.images - s.matched - s.unreadable} clear, ${s.unreadable} unreadable` +
      `${report.site ? ` (licenses for ${report.site})` : ''}; ${s.fromCache} from the cache, ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  return `${lines.join('\n')}\n`;
}

/** URL audit: pages that could not be audited or only in part, pages robots.txt kept out, pages left past --max-pages. */
function pagesLines(report: AuditReport, imageWidth: number): string[] {
  const out: string[] = [];
  const width = Math.min(60, Math.max(imageWidth, ...(report.pages ?? []).filter((p) => p.error || p.incomplete).map((p) => p.url.length), ...(report.disallowed ?? []).map((u) => u.length)));
  for (const p of report.pages ?? []) if (p.error) out.push(`${plain(clip(p.url, width)).padEnd(width)}  ${'not audited'.padEnd(11)}  ${plain(p.error)}`);
  for (const p of report.pages ?? []) if (p.incomplete) out.push(`${plain(clip(p.url, width)).padEnd(width)}  ${'incomplete'.padEnd(11)}  ${plain(p.incomplete)}`);
  for (const u of report.disallowed ?? []) out.push(`${plain(clip(u, width)).padEnd(width)}  ${'skipped'.padEnd(11)}  disallowed by robots.txt`);
  if (report.leftOut) out.push(`${report.leftOut} more pages left out past --max-pages`);
  return out;
}
