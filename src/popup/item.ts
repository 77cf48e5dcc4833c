/**
 * One model's block in the popup: what the model's license says, once (ui/match-view.ts), then its flagged images
 * as a grid of thumbnails, each with what changed, "Show on page", "Compare" and "Report to creator".
 */
import type { ImageResult } from '../lib/protocol/index.js';
import { matchHint, modelTitle, primary, type ModelGroup } from '../lib/license/index.js';
import { renderClaims } from '../ui/claims.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { modelFoot, modelHead } from '../ui/match-view.js';
import { renderRecord } from '../ui/record-view.js';

export interface ItemActions {
  showOnPage(url: string): Promise<boolean>;
  /** Opens the Compare page for this image and work (`report`: at its "Report to creator" part). */
  openCompare(url: string, workId: string, report: boolean): void;
}

export function renderGroup(g: ModelGroup<ImageResult>, actions: ItemActions, names: Record<string, string>): HTMLLIElement {
  const title = modelTitle(g.match);
  const count = t('popupGroupCount', String(g.items.length));
  return h(
    'li',
    { class: 'model-group', 'data-verdict': g.match.verdict, 'data-model': g.match.model.id, 'data-source': g.match.source },
    ...modelHead(g.match, t),
    ...modelFoot(g.match, t, names),
    h('p', { class: 'group-count' }, count),
    h('ul', { class: 'images', 'aria-label': `${title}: ${count}` }, ...g.items.map((img, i) => renderImage(img, i + 1, title, g.match.model.id, actions))),
  );
}

function renderImage(img: ImageResult, n: number, title: string, modelId: string, { showOnPage, openCompare }: ItemActions): HTMLLIElement {
  const m = primary(img)!;
  const work = (img.matches.find((x) => x.model.id === modelId && x.reason !== 'generation-record') ?? m).workId;
  const status = h('span', { class: 'show-status', role: 'status' });
  // Its accessible name starts with the visible text and tells the buttons of one grid apart.
  const show = h('button', { type: 'button', class: 'show', 'aria-label': t('popupShowOnPageOf', [title, String(n)]) }, t('popupShowOnPage'));
  show.addEventListener('click', () => {
    status.textContent = '';
    void showOnPage(img.url).then((found) => {
      status.textContent = found ? '' : t('popupNotOnPage');
    });
  });
  const compare = h('button', { type: 'button', class: 'compare', 'aria-label': t('popupCompareOf', [title, String(n)]) }, t('popupCompare'));
  compare.addEventListener('click', () => openCompare(img.url, work, false));
  const report = h('button', { type: 'button', class: 'report', 'aria-label': t('popupReportOf', [title, String(n)]) }, t('reportToCreator'));
  report.addEventListener('click', () => openCompare(img.url, work, true));
  const alt = t('popupThumbAlt', [title, String(n)]);
  const thumb = img.thumb ? h('img', { src: img.thumb, alt, width: 96, height: 96 }) : h('div', { class: 'thumb-missing', role: 'img', 'aria-label': alt });
  const extra: Array<HTMLElement | null> = [renderClaims(img.matches), img.record ? renderRecord(img.record) : null];
  if (img.matches.length > 1) extra.push(h('p', { class: 'more' }, t('popupMoreMatches', String(img.matches.length - 1))));
  return h(
    'li',
    // A generation record is too long for a grid cell: that image takes the block's full width.
    { class: img.record ? 'match wide' : 'match', 'data-verdict': m.verdict, 'data-url': img.url },
    thumb,
    h('p', { class: 'hint' }, matchHint(m, t)),
    ...extra,
    h('p', { class: 'actions' }, show, ' ', compare, ' ', report, ' ', status),
  );
}
