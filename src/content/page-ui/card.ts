/**
 * The right-click card: the result of "Check this image", drawn next to the image in the extension's closed
 * shadow-DOM layer (layer.ts), so it never moves the page's content and page scripts cannot read it. It follows
 * the image on scroll and resize and closes with Escape, its close button, or a click anywhere outside it (a
 * person's: a page cannot close it with events of its own).
 */
import { reasonText, type CardContent } from '../../lib/page/index.js';
import { primary } from '../../lib/license/index.js';
import { h } from '../../ui/dom.js';
import { t } from '../../ui/i18n.js';
import { cardMatches } from '../../ui/match-view.js';
import { renderRecord } from '../../ui/record-view.js';
import { call } from '../../messaging.js';
import { CARD_CSS } from './card-style.js';
import { layer, layerHost } from './layer.js';

const GAP = 8;
const MARGIN = 8;

let card: HTMLElement | undefined;
let anchor: Element | null = null;
let content: CardContent | undefined;
let listening = false;

export function showCard(next: CardContent, near: Element | null): void {
  const root = layer(CARD_CSS);
  anchor = near;
  content = next;
  const body = cardBody(next);
  if (!card || !card.isConnected) {
    card = h('section', { class: 'll-card', role: 'dialog', 'aria-label': t('cardTitle'), tabIndex: -1 });
    root.append(card);
  }
  const close = h('button', { type: 'button', class: 'll-close', 'aria-label': t('cardClose'), title: t('cardClose') }, '×');
  close.addEventListener('click', hideCard);
  card.replaceChildren(h('header', {}, h('strong', {}, t('extName')), close), ...body);
  card.dataset.state = next.state;
  place();
  listen();
  if (next.state !== 'checking') close.focus({ preventScroll: true });
}

export function hideCard(): void {
  card?.remove();
  card = undefined;
  content = undefined;
  anchor = null;
}

export function cardState(): { open: boolean; state?: CardContent['state']; verdict?: string; text: string } {
  if (!card?.isConnected || !content) return { open: false, text: '' };
  const verdict = content.state === 'result' ? (primary(content.result)?.verdict ?? 'none') : undefined;
  return { open: true, state: content.state, verdict, text: card.textContent ?? '' };
}

function cardBody(c: CardContent): HTMLElement[] {
  if (c.state === 'checking') return [h('p', { class: 'status', role: 'status' }, t('cardChecking'))];
  if (c.state === 'error') return [h('p', { class: 'status error', role: 'alert' }, t('cardError', reasonText(c.error, t)))];
  const img = c.result;
  if (img.status === 'matched') return [...cardMatches(img, t, c.sourceNames), compareActions(img.url, primary(img)?.workId)];
  const rows: HTMLElement[] = [];
  if (img.status === 'clear') rows.push(h('p', { class: 'status', role: 'status' }, t('cardNoMatch')));
  else rows.push(h('p', { class: 'status error', role: 'alert' }, t('cardNotChecked', img.reason ? reasonText(img.reason, t) : img.status)));
  if (img.record) rows.push(h('p', { class: 'record-title' }, t('cardRecordTitle')), renderRecord(img.record));
  else if (img.status === 'clear') rows.push(h('p', { class: 'muted' }, t('cardNoRecord')));
  return rows;
}

/** "Compare" and "Report to creator": the background opens the extension's Compare page next to this tab. */
function compareActions(url: string, workId: string | undefined): HTMLElement {
  const button = (label: string, report: boolean) => {
    const b = h('button', { type: 'button', class: report ? 'll-report' : 'll-compare' }, label);
    b.addEventListener('click', () => void call('compare/open', { url, workId, report }));
    return b;
  };
  return h('p', { class: 'll-actions' }, button(t('popupCompare'), false), ' ', button(t('reportToCreator'), true));
}

/** Beside the image (right, else left), else below or above it, always inside the viewport. */
function place(): void {
  if (!card) return;
  const vw = document.documentElement.clientWidth || window.innerWidth;
  const vh = document.documentElement.clientHeight || window.innerHeight;
  const box = card.getBoundingClientRect();
  const r = anchor?.isConnected ? anchor.getBoundingClientRect() : new DOMRect(vw / 2, vh / 3, 0, 0);
  let x: number;
  let y = r.top;
  if (r.right + GAP + box.width <= vw - MARGIN) x = r.right + GAP;
  else if (r.left - GAP - box.width >= MARGIN) x = r.left - GAP - box.width;
  else {
    x = r.left;
    y = r.bottom + GAP + box.height <= vh - MARGIN ? r.bottom + GAP : r.top - GAP - box.height;
  }
  x = Math.min(Math.max(MARGIN, x), Math.max(MARGIN, vw - MARGIN - box.width));
  y = Math.min(Math.max(MARGIN, y), Math.max(MARGIN, vh - MARGIN - box.height));
  card.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
}

function listen(): void {
  if (listening) return;
  listening = true;
  let frame = 0;
  const follow = () => {
    if (!card || frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      place();
    });
  };
  window.addEventListener('scroll', follow, { capture: true, passive: true });
  window.addEventListener('resize', follow, { passive: true });
  window.addEventListener(
    'keydown',
    (e) => {
      if (card && e.key === 'Escape' && e.isTrusted) hideCard();
    },
    true,
  );
  // Events from inside the closed root reach the page retargeted to the layer's host element. Only the person's
  // own presses and keys close the card: events a page dispatches (isTrusted false) are ignored.
  window.addEventListener('pointerdown', (e) => card && e.isTrusted && !e.composedPath().includes(layerHost() as EventTarget) && hideCard(), true);
}
