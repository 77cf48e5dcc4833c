/**
 * A matched model's details as DOM, shared by the popup and the right-click card: model and version with its
 * verdict chip, creator, license summary, source list and links, said once per model; similarity and changes (or
 * the generation record that tied it) per image or work. Every value from a list is a text node; links go through
 * safeHref (http/https only).
 */
import type { ImageResult } from '../lib/protocol/index.js';
import { licenseSummary, matchesByModel, matchHint, modelTitle, sourceLabel, verdictKey, type Translate } from '../lib/license/index.js';
import type { WorkMatch } from '../lib/types.js';
import { h, safeHref } from './dom.js';
import { renderRecord } from './record-view.js';

export function verdictChip(m: WorkMatch, t: Translate): HTMLElement {
  return h('span', { class: `chip ${m.verdict}`, 'data-verdict': m.verdict }, t(verdictKey(m.verdict)));
}

/**
 * What a model's block says once for all its images: heading (model and verdict), creator, license terms and the
 * creator's own summary (collapsed: it repeats the terms in the creator's words); `modelFoot` adds the source list
 * and links. `names` maps 'list:<id>' sources to readable list names where known.
 */
export function modelHead(m: WorkMatch, t: Translate): HTMLElement[] {
  const rows: HTMLElement[] = [
    h('h2', { class: 'model-title' }, h('span', { class: 'model' }, modelTitle(m)), ' ', verdictChip(m, t)),
    h('p', { class: 'creator' }, t('popupByCreator', m.creator.name)),
    h('p', { class: 'terms' }, licenseSummary(m.model.license, t)),
  ];
  const summary = m.model.license.summary;
  if (summary) rows.push(h('details', { class: 'summary' }, h('summary', {}, t('popupCreatorSummary')), h('p', {}, summary)));
  return rows;
}

/** Where the model's record came from, and its license and contact links. */
export function modelFoot(m: WorkMatch, t: Translate, names: Readonly<Record<string, string>> = {}): HTMLElement[] {
  const links = matchLinks(m, t);
  return [h('p', { class: 'source' }, sourceLabel(m.source, t, names)), ...(links ? [links] : [])];
}

/** The right-click card's result for a matched image: one block per model its matches belong to, then its record. */
export function cardMatches(img: ImageResult, t: Translate, names: Readonly<Record<string, string>> = {}): HTMLElement[] {
  const blocks: HTMLElement[] = matchesByModel(img.matches).map((g) =>
    h(
      'section',
      { class: 'model-group', 'data-verdict': g.match.verdict },
      ...modelHead(g.match, t),
      ...g.items.map((m) => h('p', { class: 'hint' }, matchHint(m, t))),
      ...modelFoot(g.match, t, names),
    ),
  );
  if (img.record) blocks.push(renderRecord(img.record));
  return blocks;
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
