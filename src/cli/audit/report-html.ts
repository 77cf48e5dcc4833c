/**
 * The `--html` report: one self-contained file (thumbnails as data: URLs, no script, a CSP that loads nothing),
 * images grouped by the model they match, most urgent group first; license terms and contacts as the lists give
 * them; what changed from the registered work. Every list, record or file-name text goes through `esc`: list text
 * comes from strangers and is shown as text, never markup. Links only for http(s) addresses.
 */
import { changesText, VERDICT_ORDER } from '../../lib/license/index.js';
import { english } from '../match-lines.js';
import type { Verdict, WorkMatch } from '../../lib/types.js';
import { type AuditItem, type AuditReport, reportOrder, sourceLabel, summarise } from './audit-result.js';

export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function link(url: string | undefined, text = url): string {
  if (!url) return '';
  return /^https?:\/\//i.test(url) ? `<a href="${esc(url)}" rel="noreferrer noopener">${esc(text)}</a>` : esc(text);
}

const VERDICT_TEXT: Record<Verdict, string> = {
  unlicensed: 'Unlicensed: commercial use needs a license this site does not hold',
  unknown: 'Unknown terms',
  'free-credit': 'Free to use with credit to the creator',
  free: 'Free to use',
  licensed: 'Licensed for this site',
};

/** The match's own fields the report lays out; any other field (a newer change-hint record) is shown generically. */
const LAID_OUT = new Set(['workId', 'distance', 'verdict', 'source', 'model', 'creator', 'reason']);

/** What changed, whatever shape the verdict's hint record has (a list of words today, richer records later). */
export function hintText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(hintText).filter(Boolean).join(', ');
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${hintText(v)}`).join('; ');
  return String(value);
}

function matchDetails(m: WorkMatch): string {
  const extra = Object.entries(m).filter(([k, v]) => !LAID_OUT.has(k) && v !== undefined);
  const how = m.reason === 'generation-record' ? 'named by the generation record in the file' : `fingerprint, ${m.hints ? `${m.hints.similarity}% similar` : `${m.distance} of 256 bits differ`}`;
  // The hint record in the extension's words ("mirrored left to right"); any other record generically.
  const text = (k: string, v: unknown) => (k === 'hints' && m.hints?.changes ? changesText(m.hints, english) : hintText(v));
  const rows = [`<li>${esc(how)}</li>`, ...extra.map(([k, v]) => `<li>${esc(k === 'change' || k === 'hints' ? 'what changed' : k)}: ${esc(text(k, v))}</li>`)];
  return `<ul class="how">${rows.join('')}</ul>`;
}

function terms(m: WorkMatch): string {
  const l = m.model.license;
  const rows = [
    l.summary ? `<li>${esc(l.summary)}</li>` : '',
    `<li>personal use: ${l.personalUse ? 'allowed' : 'not allowed'}; commercial use: ${esc(l.commercialUse)}; credit required: ${l.attributionRequired ? 'yes' : 'no'}; changes allowed: ${l.derivativesAllowed ? 'yes' : 'no'}</li>`,
    l.price ? `<li>price: ${esc(l.price)}</li>` : '',
    l.licenseUrl ? `<li>license: ${link(l.licenseUrl)}</li>` : '',
    l.contact ? `<li>license contact: ${esc(l.contact)}</li>` : '',
  ];
  const c = m.creator;
  rows.push(`<li>creator: ${esc(c.name)}${c.homepage ? `, ${link(c.homepage)}` : ''}${c.contact ? `, ${esc(c.contact)}` : ''}</li>`);
  return `<ul class="terms">${rows.join('')}</ul>`;
}

interface Group {
  key: string;
  first: WorkMatch;
  worst: Verdict;
  rows: Array<{ item: AuditItem; match: WorkMatch }>;
}

/** One group per model (by source and id), each image under every model it matches. */
function groups(items: AuditItem[]): Group[] {
  const byModel = new Map<string, Group>();
  for (const item of items) {
    for (const match of item.matches) {
      const key = `${match.source}\u0000${match.model.id}`;
      let g = byModel.get(key);
      if (!g) byModel.set(key, (g = { key, first: match, worst: match.verdict, rows: [] }));
      if (VERDICT_ORDER[match.verdict] < VERDICT_ORDER[g.worst]) g.worst = match.verdict;
      g.rows.push({ item, match });
    }
  }
  const gs = [...byModel.values()];
  for (const g of gs) g.rows.sort((a, b) => VERDICT_ORDER[a.match.verdict] - VERDICT_ORDER[b.match.verdict] || a.item.file.localeCompare(b.item.file));
  return gs.sort((a, b) => VERDICT_ORDER[a.worst] - VERDICT_ORDER[b.worst] || a.first.model.name.localeCompare(b.first.model.name));
}

function groupHtml(g: Group, thumbs: ReadonlyMap<string, string>, report: AuditReport): string {
  const m = g.first.model;
  const from = sourceLabel(report, g.first.source);
  const rows = g.rows.map(({ item, match }) => {
    const t = thumbs.get(item.file);
    const img = t?.startsWith('data:image/') ? `<img src="${esc(t)}" alt="">` : '<span class="noimg"></span>';
    return `<tr class="v-${esc(match.verdict)}"><td>${img}</td><td><code>${esc(item.file)}</code>${matchDetails(match)}</td><td class="verdict">${esc(VERDICT_TEXT[match.verdict])}</td></tr>`;
  });
  return `<section><h2>${esc(m.name)}${m.version ? ` ${esc(m.version)}` : ''} <small>${esc(g.rows.length)} image(s)</small></h2>${from ? `<p>${esc(from)}</p>` : ''}${terms(g.first)}<table>${rows.join('')}</table></section>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}
td{border-top:1px solid #ddd;padding:6px;vertical-align:top}img,.noimg{display:inline-block;width:96px;height:96px;object-fit:contain;background:#eee}
.v-unlicensed .verdict{color:#b00;font-weight:bold}.v-unknown .verdict{color:#a60}ul{margin:.3em 0;padding-left:1.2em}
section{margin:1.5em 0}small{color:#666;font-weight:normal}code{word-break:break-all}`;

export function htmlReport(report: AuditReport, thumbs: ReadonlyMap<string, string> = new Map()): string {
  const s = summarise(report.items);
  const ordered = reportOrder(report.items);
  const unreadable = ordered.filter((it) => it.status === 'unreadable');
  const clear = ordered.filter((it) => it.status === 'clear');
  const lists = report.lists.map((l) => `<li>${esc(l.name)} (${esc(l.id)}, version ${esc(l.version)}, key ${esc(l.keyFingerprint)})</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>License Lens audit of ${esc(report.folder)}</title><style>${STYLE}</style></head><body>
<h1>License Lens audit</h1>
<p>${esc(report.folder)}: ${esc(s.images)} images, ${esc(s.byVerdict.unlicensed)} unlicensed, ${esc(s.byVerdict.unknown)} with unknown terms, ${esc(s.matched)} matching a registered model, ${esc(s.unreadable)} unreadable.
${report.pages ? '' : report.site ? `Licenses count for <b>${esc(report.site)}</b>.` : 'No site given: only licenses open to everyone count.'} Checked ${esc(report.startedAt)}.</p>
${report.pages ? `<p>${esc(report.pages.length)} pages audited in Chromium with the extension, each page's own host as the licensee; images listed only when flagged.${(report.disallowed ?? []).length ? ` Disallowed by robots.txt: ${esc(report.disallowed!.join(', '))}.` : ''}${report.pages.some((p) => p.error) ? ` Not audited: ${esc(report.pages.filter((p) => p.error).map((p) => `${p.url} (${p.error})`).join(', '))}.` : ''}${report.pages.some((p) => p.incomplete) ? ` Audited in part: ${esc(report.pages.filter((p) => p.incomplete).map((p) => `${p.url} (${p.incomplete})`).join(', '))}.` : ''}</p>` : ''}
<p>Lists:</p><ul>${lists}</ul>
${report.registries?.length ? `<p>Registries:</p><ul>${report.registries.map((r) => `<li>${esc(r.name)} (${esc(r.address)}, edition ${esc(r.edition)}, key ${esc(r.keyFingerprint)})</li>`).join('')}</ul>` : ''}
${groups(report.items).map((g) => groupHtml(g, thumbs, report)).join('\n')}
${unreadable.length ? `<section><h2>Unreadable <small>${unreadable.length}</small></h2><ul>${unreadable.map((it) => `<li><code>${esc(it.file)}</code>: ${esc(it.reason ?? '')}</li>`).join('')}</ul></section>` : ''}
<section><h2>No match <small>${clear.length}</small></h2><details><summary>files</summary><ul>${clear.map((it) => `<li><code>${esc(it.file)}</code></li>`).join('')}</ul></details></section>
</body></html>
`;
}
