/**
 * The Compare and Report page (issue 22.3, 22.5), opened from the popup or the right-click card for one flagged
 * image of a tab: `?tab=<id>&url=<image URL>&work=<work id>`, `#report` to go straight to the report.
 */
import { call } from '../messaging.js';
import { changeWord, boxText } from '../lib/evidence/index.js';
import { matchHint, modelTitle } from '../lib/license/index.js';
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
  const items = hints.kinds.map((k) => h('li', {}, changeWord(k, t)));
  for (const b of hints.regions) items.push(h('li', { class: 'region' }, t('compareRegion', boxText(b))));
  if (!items.length) items.push(h('li', {}, t('compareNoChange')));
  $('hints').replaceChildren(...items);

  const shown: Shown = { regions: hints.regions };
  const pageCanvas = $('page-canvas') as HTMLCanvasElement;
  if (d.image) {
    const img = await loadImage(d.image.dataUrl);
    // Boxes are in the page image's own pixels; a thumbnail stands in only when the image could not be read again.
    const natural = { width: img.naturalWidth, height: img.naturalHeight };
    drawPage(pageCanvas, img, d.image.from === 'fetched' ? hints.regions : [], natural);
    Object.assign(shown, { img, natural });
    if (d.image.from === 'thumbnail') $('page-note').textContent = t('compareThumbOnly');
  } else $('page-note').textContent = t('compareNoImage');
  const regionsSaid = hints.regions.length && d.image?.from === 'fetched' ? ` ${t('compareOutlined', hints.regions.map(boxText).join('; '))}` : '';
  pageCanvas.setAttribute('aria-label', `${t('comparePageImage')}: ${d.result.url.slice(0, 200)}.${regionsSaid}`);
  pageCanvas.dataset.regions = String(d.image?.from === 'fetched' ? hints.regions.length : 0);

  const workCanvas = $('work-canvas') as HTMLCanvasElement;
  const drawn = await drawWork(workCanvas, { width: pageCanvas.width || 320, height: pageCanvas.height || 320 }, d.work, hints.kinds.includes('mirrored'));
  const workNote = d.work.ownThumb ? t('compareOwnThumb') : drawn ? t('compareDetailThumb') : t('compareNoPreview');
  $('work-note').textContent = workNote;
  workCanvas.setAttribute('aria-label', `${t('compareWork', d.work.title ?? d.work.id)}. ${workNote}`);
  return shown;
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
