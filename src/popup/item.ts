/** One flagged image in the popup: thumbnail, match details (ui/match-view.ts) and "Show on page". */
import type { ImageResult } from '../lib/protocol/index.js';
import { primary } from '../lib/license/index.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { matchDetails } from '../ui/match-view.js';

export function renderItem(img: ImageResult, showOnPage: (url: string) => Promise<boolean>, names: Record<string, string>): HTMLLIElement {
  const m = primary(img)!;
  const status = h('span', { class: 'show-status', role: 'status' });
  const show = h('button', { type: 'button', class: 'show' }, t('popupShowOnPage'));
  show.addEventListener('click', () => {
    status.textContent = '';
    void showOnPage(img.url).then((found) => {
      status.textContent = found ? '' : t('popupNotOnPage');
    });
  });
  const thumb = img.thumb ? h('img', { src: img.thumb, alt: t('popupThumbAlt'), width: 64, height: 64 }) : h('div', { class: 'thumb-missing' });
  return h(
    'li',
    { class: 'match', 'data-verdict': m.verdict, 'data-url': img.url },
    thumb,
    h('div', { class: 'details' }, ...matchDetails(img, t, names), h('p', { class: 'actions' }, show, ' ', status)),
  );
}
