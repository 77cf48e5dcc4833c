/**
 * "Report to creator": the evidence first, in words (the rows the creator will receive), then two actions that
 * each need the user's click: open the list's report channel prefilled (an e-mail in the user's mail program, or
 * the creator's form in a new tab), or save the report as a JSON file and a PNG of the page image with the regions
 * and marks outlined. Nothing is sent or requested before a click (docs/security.md).
 */
import { evidenceFileStem, evidenceRows, evidenceText, sha256Hex, type Box, type Evidence } from '../lib/evidence/index.js';
import { changesText } from '../lib/license/index.js';
import { reportChannelKind, reportUrl } from '../lib/list/index.js';
import { h } from '../ui/dom.js';
import { download } from '../ui/download.js';
import { t } from '../ui/i18n.js';
import { evidenceOf, type Data } from './evidence-of.js';
import { pagePng } from './view.js';

export interface Shown {
  img?: HTMLImageElement;
  natural?: { width: number; height: number };
  regions: Box[];
  marks: Box[];
}

function status(text: string, state: 'ok' | 'error'): void {
  const el = document.getElementById('report-status')!;
  el.textContent = text;
  el.dataset.state = state;
}

export async function mountReport(d: Data, shown: Shown): Promise<void> {
  const section = document.getElementById('report')!;
  section.hidden = false;
  const send = document.getElementById('report-send') as HTMLButtonElement;
  const save = document.getElementById('report-save') as HTMLButtonElement;
  if (!d.list) {
    save.hidden = true;
    status(t('reportOwnWork'), 'ok');
    return;
  }
  const preview = await evidenceOf(d);
  const words = d.match.hints ? changesText(d.match.hints, t) : undefined;
  document.getElementById('evidence')!.replaceChildren(...evidenceRows(preview, t, words).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  const kind = d.channel ? reportChannelKind(d.channel) : undefined;
  if (d.channel && kind) {
    send.hidden = false;
    send.textContent = t(kind === 'mailto' ? 'reportSendEmail' : 'reportSendForm');
    send.addEventListener('click', () => openChannel(d.channel!, kind, preview, words));
  } else status(t('reportNoChannel'), 'ok');
  save.addEventListener('click', () => void saveReport(d, shown).catch((e: unknown) => status(t('reportFailed', e instanceof Error ? e.message : String(e)), 'error')));
}

/** The prefilled e-mail or form, opened by the user's click only. */
function openChannel(channel: string, kind: 'mailto' | 'form', e: Evidence, words?: string): void {
  const { subject, body } = evidenceText(e, t, words);
  const url = reportUrl(channel, subject, body, { pageUrl: e.pageUrl, imageUrl: e.image.url, work: e.work.id, summary: body });
  if (!url) return;
  // A link the user can use again if no mail program answered; following it is this click's doing.
  const link = h('a', { id: 'report-link', href: url, ...(kind === 'form' ? { target: '_blank', rel: 'noopener noreferrer' } : {}) }, t(kind === 'mailto' ? 'reportLinkEmail' : 'reportLinkForm'));
  document.getElementById('report-status')!.replaceChildren(t(kind === 'mailto' ? 'reportOpenedEmail' : 'reportOpenedForm'), ' ', link);
  link.click();
}

async function saveReport(d: Data, shown: Shown): Promise<void> {
  const created = new Date();
  const stem = evidenceFileStem({ created: created.toISOString() });
  let png: { file: string; sha256: string } | undefined;
  let blob: Blob | undefined;
  if (shown.img && shown.natural) {
    blob = await pagePng(shown.img, shown, shown.natural);
    png = { file: `${stem}.png`, sha256: await sha256Hex(new Uint8Array(await blob.arrayBuffer())) };
  }
  const e = await evidenceOf(d, png, created);
  download(`${stem}.json`, `${JSON.stringify(e, null, 2)}\n`);
  if (blob && png) download(png.file, blob);
  status(t(png ? 'reportSaved' : 'reportSavedNoPng', [`${stem}.json`, png?.file ?? '']), 'ok');
}
