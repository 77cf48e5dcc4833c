/**
 * The Compare and Report page (issue 22.3, 22.5), opened from the popup or the right-click card for one flagged
 * image of a tab: `?tab=<id>&url=<image URL>&work=<work id>`, `#report` to go straight to the report.
 */
import { call } from '../messaging.js';
import { boxWords } from '../lib/evidence/index.js';
import { changeText, matchHint, modelTitle } from '../lib/license/index.js';
import { h } from '../ui/dom.js';
import { localize, t } from '../ui/i18n.js';
import { hintsOf, type Data } from './evidence-of.js';
import { mountReport, type Shown } from './report.js';
import { drawPage, drawWork, loadImage } from './view.js';

const $ = (id: string) => document.getElementById(id)!;

async function show(d: Data): Promise<Shown> {
  const m = d.match;
  const hints = hintsOf(m);
  $('subject').textContent = `${modelTitle(m)} · ${t('popupByCreator', m.creator.name)} · ${matchHint(m, t)}`;
  $('work-caption').textContent = t('compareWork', d.work.title ?? d.work.id);
  const size = hints.size;
  const items = (m.hints?.changes ?? []).map((c) => h('li', { 'data-kind': c.kind }, size ? changeText(c, size, t, m.hints?.identical) : c.kind));
  const pixels = size ? `${size.width}×${size.height}` : '?';
  for (const b of hints.regions) items.push(h('li', { class: 'region' }, t('compareRegion', [boxWords(b), pixels])));
  for (const b of hints.marks) items.push(h('li', { class: 'mark' }, t('compareMark', [boxWords(b), pixels])));
  if (!items.length) items.push(h('li', {}, t('compareNoChange')));
  $('hints').replaceChildren(...items);

  const shown: Shown = { regions: hints.regions, marks: hints.marks };
  const pageCanvas = $('page-canvas') as HTMLCanvasElement;
  if (d.image) {
    const img = await loadImage(d.image.dataUrl);
    // Boxes are in the pixels of hints.size (the page image's own); a thumbnail is drawn scaled to the same frame.
    const natural = size ?? { width: img.naturalWidth, height: img.naturalHeight };
    drawPage(pageCanvas, img, hints, natural);
    // Where the first outline of each kind is drawn, for tests that read its pixels.
    const scale = { sx: pageCanvas.width / natural.width, sy: pageCanvas.height / natural.height };
    if (hints.regions[0]) pageCanvas.dataset.box = JSON.stringify({ ...hints.regions[0], ...scale });
    if (hints.marks[0]) pageCanvas.dataset.markBox = JSON.stringify({ ...hints.marks[0], ...scale });
    legend(hints.regions.length > 0, hints.marks.length > 0);
    Object.assign(shown, { img, natural });
    if (d.image.from === 'thumbnail') $('page-note').textContent = t('compareThumbOnly');
  } else $('page-note').textContent = t('compareNoImage');
  const regionsSaid = hints.regions.length && d.image ? ` ${t('compareOutlined', hints.regions.map(boxWords).join('; '))}` : '';
  const marksSaid = hints.marks.length && d.image ? ` ${t('compareOutlinedMarks', hints.marks.map(boxWords).join('; '))}` : '';
  pageCanvas.setAttribute('aria-label', `${t('comparePageImage')}: ${d.result.url.slice(0, 200)}.${regionsSaid}${marksSaid}`);
  pageCanvas.dataset.regions = String(d.image ? hints.regions.length : 0);
  pageCanvas.dataset.marks = String(d.image ? hints.marks.length : 0);

  const workCanvas = $('work-canvas') as HTMLCanvasElement;
  const drawn = await drawWork(workCanvas, { width: pageCanvas.width || 320, height: pageCanvas.height || 320 }, d.work, hints.align, size);
  const workNote = d.work.ownThumb ? t('compareOwnThumb') : drawn ? t('compareDetailThumb') : t('compareNoPreview');
  $('work-note').textContent = workNote;
  workCanvas.setAttribute('aria-label', `${t('compareWork', d.work.title ?? d.work.id)}. ${workNote}`);
  return shown;
}

/** Under the page image: what each kind of outline means, for the kinds drawn. */
function legend(regions: boolean, marks: boolean): void {
  const el = $('page-legend');
  const line = (cls: string, key: string) => h('span', { class: `key ${cls}` }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), t(key));
  el.replaceChildren(...(regions ? [line('region', 'compareLegendRegion')] : []), ...(marks ? [line('mark', 'compareLegendMark')] : []));
  el.hidden = !regions && !marks;
}

async function start(): Promise<void> {
  localize();
  const q = new URLSearchParams(location.search);
  const tabId = Number(q.get('tab'));
  const url = q.get('url') ?? '';
  const r = await call('evidence/get', { tabId, url, workId: q.get('work') ?? undefined });
  if (!r.ok) {
    $('status').textContent = t('compareError', r.error);
    document.body.dataset.ready = 'error';
    return;
  }
  $('compare').hidden = false;
  const shown = await show(r.value);
  $('status').textContent = '';
  await mountReport(r.value, shown);
  $('go-report').addEventListener('click', () => $('report').focus());
  document.body.dataset.ready = 'true';
  if (location.hash === '#report') $('report').focus();
  else ($('go-report') as HTMLButtonElement).focus();
}

void start().catch((e: unknown) => {
  $('status').textContent = t('compareError', e instanceof Error ? e.message : String(e));
  document.body.dataset.ready = 'error';
});
