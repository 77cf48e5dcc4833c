/**
 * Renders the popup from what load.ts gathered, in two parts main.ts redraws separately: the state line and counts,
 * and the flagged images by model. Text goes in as text nodes (ui/dom.ts `h`), never as markup.
 */
import { countsOf, flaggedByModel, popupState, type PopupState } from '../lib/license/index.js';
import { t } from '../ui/i18n.js';
import type { Loaded } from './load.js';
import { renderGroup, type ItemActions } from './item.js';

export interface RenderContext extends ItemActions {
  /** Readable names of subscribed lists by source id, where known. */
  sourceNames: Record<string, string>;
}

export function stateText(s: PopupState): string {
  switch (s.kind) {
    case 'error':
      return t('popupError', s.message);
    case 'unsupported':
      return t('popupUnsupported');
    case 'scanning':
      if (s.pending) return t('popupScanningPending', [String(s.checked), String(s.pending)]);
      return s.checked ? t('popupScanningSome', String(s.checked)) : t('popupScanning');
    case 'paused':
      return s.by === 'setting' ? t('popupAutoScanOff') : t('popupPausedSite');
    case 'flagged':
      // Right-click results can be listed on a paused site: say that nothing else is being checked.
      if (s.paused) return s.paused === 'setting' ? t('popupAutoScanOff') : t('popupPausedSite');
      return s.pending ? t('popupStillChecking', String(s.pending)) : '';
    case 'no-images':
      return t('popupNoImages');
    case 'none-registered':
      return t('popupNoneRegistered', String(s.checked));
  }
}

/** The state line and the counts. */
export function renderStatus(data: Loaded, doc: Document): PopupState {
  const state = popupState(data.input);
  const stateEl = doc.getElementById('state')!;
  stateEl.textContent = stateText(state);
  stateEl.dataset.state = state.kind;
  stateEl.dataset.paused = state.kind === 'paused' ? state.by : state.kind === 'flagged' ? (state.paused ?? '') : '';
  stateEl.hidden = !stateEl.textContent;
  stateEl.classList.toggle('error', state.kind === 'error');

  const counts = doc.getElementById('counts')!;
  const c = data.report ? countsOf(data.report) : undefined;
  counts.hidden = !c;
  if (c) {
    counts.textContent = t('popupCountsLine', [String(c.flagged), String(c.licensed), String(c.checked)]);
    Object.assign(counts.dataset, { flagged: String(c.flagged), licensed: String(c.licensed), checked: String(c.checked) });
  }
  return state;
}

/** The flagged images, grouped by model. */
export function renderList(data: Loaded, doc: Document, ctx: RenderContext): void {
  const list = doc.getElementById('flagged')!;
  list.setAttribute('aria-label', t('popupFlaggedLabel'));
  const groups = data.report ? flaggedByModel(data.report.flagged) : [];
  list.replaceChildren(...groups.map((g) => renderGroup(g, ctx, ctx.sourceNames)));
}
