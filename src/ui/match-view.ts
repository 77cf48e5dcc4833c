/**
 * One matched image's details as DOM, shared by the popup and the right-click card: verdict chip, model and
 * version, creator, license summary, similarity and changes (or the generation record that tied it), source list,
 * and links. Every value from a list is a text node; links go through safeHref (http/https only).
 */
import type { ImageResult } from '../lib/protocol/index.js';
import { licenseSummary, matchHint, modelTitle, primary, sourceLabel, verdictKey, type Translate } from '../lib/license/index.js';
import type { WorkMatch } from '../lib/types.js';
import { renderClaims } from './claims.js';
import { h, safeHref } from './dom.js';
import { renderRecord } from './record-view.js';

export function verdictChip(m: WorkMatch, t: Translate): HTMLElement {
  return h('span', { class: `chip ${m.verdict}`, 'data-verdict': m.verdict }, t(verdictKey(m.verdict)));
}

/** The text rows under the chip; `names` maps 'list:<id>' sources to readable list names where known. */
export function matchDetails(img: ImageResult, t: Translate, names: Readonly<Record<string, string>> = {}): HTMLElement[] {
  const m = primary(img);
  if (!m) return [];
  const rows: HTMLElement[] = [
    verdictChip(m, t),
    h('p', { class: 'model' }, modelTitle(m)),
    h('p', { class: 'creator' }, t('popupByCreator', m.creator.name)),
    h('p', { class: 'terms' }, licenseSummary(m.model.license, t)),
  ];
  if (m.model.license.summary) rows.push(h('p', { class: 'summary' }, m.model.license.summary));
  rows.push(h('p', { class: 'hint' }, matchHint(m, t), ' · ', sourceLabel(m.source, t, names)));
  const links = matchLinks(m, t);
  if (links) rows.push(links);
  const claims = renderClaims(img.matches);
  if (claims) rows.push(claims);
  if (img.record) rows.push(renderRecord(img.record));
  if (img.matches.length > 1) rows.push(h('p', { class: 'more' }, t('popupMoreMatches', String(img.matches.length - 1))));
  return rows;
}

/** License terms and creator contact: links when they are http(s) URLs or e-mail addresses, text otherwise. */
export function matchLinks(m: WorkMatch, t: Translate): HTMLElement | undefined {
  const out: Array<Node | string> = [];
  const license = safeHref(m.model.license.licenseUrl);
  if (license) out.push(h('a', { href: license, target: '_blank', rel: 'noopener noreferrer', class: 'license-link' }, t('popupLicenseLink')));
  const contact = m.model.license.contact ?? m.creator.contact;
  if (contact) {
    if (out.length) out.push(' · ');
    const href = contactHref(contact) ?? safeHref(m.creator.homepage);
    out.push(
      href
        ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'contact-link' }, t('popupContact', contact))
        : h('span', { class: 'contact' }, t('popupContact', contact)),
    );
  }
  return out.length ? h('p', { class: 'links' }, ...out) : undefined;
}

/** An http(s) URL as is, a bare e-mail address as mailto:, anything else (javascript:, HTML) as no link. */
export function contactHref(contact: string): string | undefined {
  const c = contact.trim();
  if (/^[^\s@<>"'()]+@[^\s@<>"'()]+\.[a-z]{2,}$/i.test(c)) return `mailto:${c}`;
  return safeHref(c);
}
