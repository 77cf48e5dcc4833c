/**
 * What `license-lens check` prints of a match: the change hints in the extension's English words, with regions as
 * pixel boxes, or the generation record that tied the file to a registered model.
 */
import { boxText, changesText, similarity } from '../lib/license/index.js';
import type { MatchHints, WorkMatch } from '../lib/types.js';
import popup from '../locales/en/popup.json';
import core from '../locales/en/core.json';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const MESSAGES: Messages = { ...(core as Messages), ...(popup as Messages) };

/** The extension's English messages, substituted as browser.i18n does ($NAME$ -> its "$n" content). */
export function english(key: string, subs: string | string[] = []): string {
  const m = MESSAGES[key];
  if (!m) return key;
  const list = Array.isArray(subs) ? subs : [subs];
  return m.message.replace(/\$([A-Za-z_]+)\$/g, (_, name: string) => {
    const content = m.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (__, n: string) => list[Number(n) - 1] ?? '');
  });
}

/** The hint lines of one match: what changed in words, then each region or placement as a pixel box. */
export function hintLines(h: MatchHints): string[] {
  const lines = [`${english('popupSimilarity', String(h.similarity))} (${h.decidedBy === 'detail' ? 'aligned detail comparison' : 'fingerprint bits'}) · ${changesText(h, english)}`];
  for (const c of h.changes) {
    if (c.kind === 'redrawn') for (const r of c.regions) lines.push(`redrawn region: ${boxText(r)} of ${h.size.width} x ${h.size.height}`);
    if (c.kind === 'marked') for (const r of c.regions) lines.push(`mark or text added at: ${boxText(r)} of ${h.size.width} x ${h.size.height}`);
    if (c.kind === 'extended') lines.push(`the work sits at: ${boxText(c.placement)} of ${h.size.width} x ${h.size.height}`);
    if (c.kind === 'border') lines.push(`the work sits inside the border at: ${boxText(c.box)} of ${h.size.width} x ${h.size.height}`);
  }
  return lines;
}

/** A match as the CLI prints it: work, model, creator and verdict, then its hint lines (or what tied the record). */
export function describeMatch(m: WorkMatch, page: string): string[] {
  const head = `  ${m.workId.replace(/^list:[^/]*\//, '')}: ${m.model.name}${m.model.version ? ` ${m.model.version}` : ''} by ${m.creator.name}, verdict ${m.verdict}${page ? ` on ${page}` : ''}`;
  if (m.reason === 'generation-record') return [`  the file's generation record names the registered model ${m.model.name}${m.model.version ? ` ${m.model.version}` : ''} by ${m.creator.name}, verdict ${m.verdict}${page ? ` on ${page}` : ''}`];
  return [head, ...(m.hints ? hintLines(m.hints) : [`${similarity(m)}% similar`]).map((l) => `    ${l}`)];
}
