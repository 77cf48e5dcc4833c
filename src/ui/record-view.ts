/**
 * Renders a generation record (what the file says about how it was made) for the popup and the right-click card.
 * Every value is text from a stranger's file: it goes in as text nodes only.
 * Placeholder until the generation-record issue lands its full view; the signature is the contract.
 */
import type { GenRecord } from '../lib/types.js';
import { h } from './dom.js';

export function renderRecord(record: GenRecord, doc: Document = document): HTMLElement {
  void doc;
  const rows: Array<[string, string | undefined]> = [
    ['Tool', record.tool],
    ['Model', [record.model?.name, record.model?.hash].filter(Boolean).join(' · ') || undefined],
    ['AI label', record.digitalSourceType],
  ];
  return h('dl', { class: 'll-record' }, ...rows.filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v!)]));
}
