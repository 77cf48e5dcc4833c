/**
 * Renders a generation record (what the file says about how it was made) for the popup and the right-click card:
 * model and hash, other models, LoRAs, tool, AI label (IPTC term, localised), Content Credentials, and the prompt
 * collapsed in a <details>. Every value is text from a stranger's file: it goes in as text nodes only.
 */
import { isKnownIptcTerm } from '../lib/iptc-terms.js';
import type { GenRecord } from '../lib/types.js';
import { h } from './dom.js';
import { t } from './i18n.js';

type Named = { name?: string; hash?: string };

function named(m: Named): string {
  return [m.name, m.hash && t('recordHash', m.hash)].filter(Boolean).join(' · ');
}

/** Localised name of an IPTC digital source type; a term outside the vocabulary is shown as written. */
export function aiLabel(term: string): string {
  return isKnownIptcTerm(term) ? t(`iptc_${term}`) : term;
}

export function renderRecord(record: GenRecord, doc: Document = document): HTMLElement {
  void doc; // h() builds in the current document; the card's shadow root adopts the nodes
  const rows: Array<[string, string | HTMLElement | undefined, string]> = [
    [t('recordModel'), record.model && named(record.model), 'model'],
    [t('recordOtherModels'), record.otherModels?.map(named).join(', '), 'other-models'],
    [t('recordLoras'), record.loras?.length ? h('ul', {}, ...record.loras.map((l) => h('li', {}, named(l)))) : undefined, 'loras'],
    [t('recordTool'), record.tool, 'tool'],
    [t('recordAiLabel'), record.digitalSourceType && aiLabel(record.digitalSourceType), 'ai-label'],
    [
      t('recordCredentials'),
      record.hasContentCredentials ? (record.c2pa?.generator ? t('recordCredentialsBy', record.c2pa.generator) : t('recordCredentialsPresent')) : undefined,
      'credentials',
    ],
  ];
  const list = h('dl', {});
  for (const [label, value, field] of rows) {
    if (!value) continue;
    list.append(h('dt', {}, label), h('dd', { 'data-field': field }, value));
  }
  const section = h('section', { class: 'll-record' }, h('p', { class: 'll-record-title' }, t('recordTitle')), list);
  if (record.prompt || record.negativePrompt) {
    section.append(
      h(
        'details',
        { class: 'll-record-prompt' },
        h('summary', {}, t('recordPrompt')),
        record.prompt && h('p', { 'data-field': 'prompt' }, record.prompt),
        record.negativePrompt && h('p', { 'data-field': 'negative-prompt' }, t('recordNegativePrompt', record.negativePrompt)),
      ),
    );
  }
  section.append(h('p', { class: 'll-record-note' }, t('recordNote')));
  return section;
}
