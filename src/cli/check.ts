/**
 * `license-lens check`: an image (file or URL) against a list, as the extension checks it: the same query, the
 * same matcher, the same change hints (in the extension's English words, with regions as pixel boxes), and the
 * generation record inside the file, said when it names one of the list's models.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { listToRegistry } from '../lib/list/index.js';
import { Matcher, type Query, queryOf } from '../lib/match/index.js';
import { boxText, changesText, matchRecord, similarity } from '../lib/license/index.js';
import { readGenRecord } from '../lib/genmeta/index.js';
import type { MatchHints, WorkMatch } from '../lib/types.js';
import popup from '../locales/en/popup.json';
import core from '../locales/en/core.json';
import { args, CliError } from './util.js';
import { loadList } from './commands.js';

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

async function imageBytes(source: string): Promise<Uint8Array> {
  if (!/^https?:\/\//i.test(source)) {
    if (!existsSync(source)) throw new CliError(`no such image file: ${source}`);
    return new Uint8Array(await readFile(source));
  }
  const res = await fetch(source);
  if (!res.ok) throw new CliError(`${source}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The hint lines of one match: what changed in words, then each region or placement as a pixel box. */
export function hintLines(h: MatchHints): string[] {
  const lines = [`${english('popupSimilarity', String(h.similarity))} (${h.decidedBy === 'detail' ? 'aligned detail comparison' : 'fingerprint bits'}) · ${changesText(h, english)}`];
  for (const c of h.changes) {
    if (c.kind === 'redrawn') for (const r of c.regions) lines.push(`redrawn region: ${boxText(r)} of ${h.size.width} x ${h.size.height}`);
    if (c.kind === 'extended') lines.push(`the work sits at: ${boxText(c.placement)} of ${h.size.width} x ${h.size.height}`);
    if (c.kind === 'border') lines.push(`the work sits inside the border at: ${boxText(c.box)} of ${h.size.width} x ${h.size.height}`);
  }
  return lines;
}

function describe(m: WorkMatch, page: string): string[] {
  const head = `  ${m.workId.replace(/^list:cli\//, '')}: ${m.model.name}${m.model.version ? ` ${m.model.version}` : ''} by ${m.creator.name}, verdict ${m.verdict}${page ? ` on ${page}` : ''}`;
  if (m.reason === 'generation-record') return [`  the file's generation record names the registered model ${m.model.name}${m.model.version ? ` ${m.model.version}` : ''} by ${m.creator.name}, verdict ${m.verdict}${page ? ` on ${page}` : ''}`];
  return [head, ...(m.hints ? hintLines(m.hints) : [`${similarity(m)}% similar`]).map((l) => `    ${l}`)];
}

export async function check(argv: string[]): Promise<number> {
  const { values, positionals } = args(argv, { list: { type: 'string' }, page: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 1 || !values.list) throw new CliError('usage: license-lens check <image-file-or-URL> --list list.json [--page URL] [--json]');
  const image = positionals[0]!;
  const { list } = await loadList(values.list);
  let query: Query;
  const bytes = await imageBytes(image);
  try {
    // The same query the extension builds, from the same reduction; its natural size places the regions.
    const { decodeForHash, imageSizeOf } = await import('../node/decode.js'); // sharp: only check needs it (main.ts)
    query = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
  } catch (e) {
    throw new CliError(`${image}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const page = values.page ?? (/^https?:\/\//i.test(image) ? image : '');
  const { fingerprint } = query;
  const registry = listToRegistry(list, 'list:cli');
  const record = await readGenRecord(bytes).catch(() => undefined);
  const matches = [...new Matcher(registry).match(query, page), ...matchRecord(record, registry, page)];
  if (values.json) {
    console.log(JSON.stringify({ image, fingerprint, page, matches, ...(record ? { record } : {}) }, null, 2));
  } else if (!matches.length) {
    console.log(`${image}: no match in "${list.name}" (fingerprint ${fingerprint})`);
  } else {
    console.log(`${image}: ${matches.length} match${matches.length > 1 ? 'es' : ''} in "${list.name}"`);
    for (const m of matches) for (const line of describe(m, page)) console.log(line);
  }
  return matches.length ? 0 : 1;
}
