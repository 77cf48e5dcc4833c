/** Renders a tab report as DOM (text only: model and creator names come from lists written by strangers). */
import type { ImageResult, TabReport } from '../lib/messages.js';
import type { LicenseTerms, WorkMatch } from '../lib/types.js';
import { VERDICT_ORDER } from '../lib/verdict.js';
import { h, safeHref } from '../ui/dom.js';
import { renderRecord } from '../ui/record-view.js';
import { t } from '../ui/i18n.js';
import { renderClaims } from '../ui/claims.js';

export function renderReport(report: TabReport, doc: Document): void {
  const counts = doc.getElementById('counts')!;
  const list = doc.getElementById('flagged')!;
  const empty = doc.getElementById('empty')!;
  counts.textContent = t('popupCounts', [String(report.flagged.length), String(report.checked)]);
  const flagged = [...report.flagged].sort(
    (a, b) => VERDICT_ORDER[a.matches[0]!.verdict] - VERDICT_ORDER[b.matches[0]!.verdict] || a.url.localeCompare(b.url),
  );
  list.replaceChildren(...flagged.map(renderItem));
  empty.hidden = flagged.length > 0;
  empty.textContent = report.checked ? t('popupNoneRegistered', String(report.checked)) : t('popupNoImages');
}

function renderItem(img: ImageResult): HTMLLIElement {
  const m = img.matches[0]!;
  const title = m.model.version ? `${m.model.name} ${m.model.version}` : m.model.name;
  return h(
    'li',
    { class: 'match', 'data-verdict': m.verdict, 'data-url': img.url },
    h('img', { src: img.thumb ?? '', alt: '' }),
    h(
      'div',
      {},
      h('span', { class: `chip ${m.verdict}` }, t(`verdict_${m.verdict.replace('-', '_')}`)),
      h('p', { class: 'model' }, title),
      h('p', { class: 'meta' }, t('popupByCreator', m.creator.name), ' · ', m.reason === 'generation-record' ? t('recordReason') : t('popupSimilarity', String(similarity(m)))),
      h('p', { class: 'terms' }, licenseSummary(m.model.license)),
      links(m),
      renderClaims(img.matches),
      img.record && renderRecord(img.record, document),
    ),
  );
}

export function similarity(m: WorkMatch): number {
  return Math.round((1 - m.distance / 256) * 100);
}

export function licenseSummary(l: LicenseTerms): string {
  const parts = [
    l.personalUse ? t('termPersonalFree') : t('termPersonalNo'),
    t(`termCommercial_${l.commercialUse.replace('-', '_')}`),
  ];
  if (l.price) parts.push(l.price);
  if (l.attributionRequired) parts.push(t('termCredit'));
  return parts.join(' · ');
}

function links(m: WorkMatch): HTMLElement {
  const p = h('p', { class: 'meta' });
  const license = safeHref(m.model.license.licenseUrl);
  const contact = m.model.license.contact ?? m.creator.contact;
  if (license) p.append(h('a', { href: license, target: '_blank', rel: 'noopener noreferrer' }, t('popupLicenseLink')), ' ');
  if (contact) p.append(t('popupContact', contact));
  return p;
}
