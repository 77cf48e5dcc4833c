/** "Also claimed by" line for a flagged image that works in more than one list (or the user's own) match. */
import { otherClaims } from '../lib/license/index.js';
import type { WorkMatch } from '../lib/types.js';
import { h } from './dom.js';
import { t } from './i18n.js';

export function renderClaims(matches: readonly WorkMatch[]): HTMLElement | null {
  const others = otherClaims(matches);
  if (!others.length) return null;
  const names = others.map((c) => `${c.publisher} (${c.model})`).join(', ');
  return h('p', { class: 'meta claims', 'data-claims': String(others.length + 1) }, t('claimsAlso', names));
}
