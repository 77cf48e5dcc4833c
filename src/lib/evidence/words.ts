/**
 * The evidence in words, one row per fact, for the Compare page's list and the e-mail or form text: the same
 * rows in both, so what the user reads before clicking is what the creator receives. `t` localises (ui/i18n.ts in
 * the extension); values from the page or the list stay as they are.
 */
import type { Box, EvidenceBody } from './record.js';

/** lib/license's Translate, written out: this topic imports no other. */
export type Translate = (key: string, substitutions?: string | string[]) => string;

export type EvidenceRow = [label: string, value: string];

/** 'resized' -> 'changeResized', the popup's message keys; a kind without one shows as itself. */
export function changeWord(kind: string, t: Translate): string {
  const key = `change${kind.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}`;
  const word = t(key);
  return word && word !== key ? word : kind;
}

export function boxWords(b: Box): string {
  return `${b.width}×${b.height} @ ${b.x},${b.y}`;
}

/** `changes`: the changes in words where the caller has them with their details (lib/license changesText). */
export function evidenceRows(e: EvidenceBody, t: Translate, changes?: string): EvidenceRow[] {
  const rows: EvidenceRow[] = [
    [t('evidencePage'), e.pageUrl],
    [t('evidenceImage'), e.image.url.length > 300 ? `${e.image.url.slice(0, 300)}…` : e.image.url],
    [t('evidenceTime'), e.created],
    [t('evidenceVerdict'), t(`verdict_${e.verdict.replace('-', '_')}`)],
    [t('evidenceSimilarity'), t('popupSimilarity', String(e.similarity))],
    [t('evidenceChanges'), changes ? changes : e.identical ? t('changeIdentical') : e.changes.length ? e.changes.map((c) => changeWord(c, t)).join(t('listSeparator')) : t('evidenceNone')],
  ];
  if (e.regions.length) rows.push([t('evidenceRegions'), e.regions.map(boxWords).join('; ')]);
  if (e.marks?.length) rows.push([t('evidenceMarks'), e.marks.map(boxWords).join('; ')]);
  rows.push(
    [t('evidenceWork'), `${e.work.title ? `${e.work.title} ` : ''}(${e.work.id}) · ${e.work.modelName}`],
    [t('evidenceList'), t('evidenceListValue', [e.list.name, e.list.id, String(e.list.edition), e.list.publisher])],
    [t('evidenceKey'), e.list.keyFingerprint],
    [t('evidenceVersion'), e.extensionVersion],
  );
  return rows;
}

/** The e-mail or form text: the rows, then a line on how to check them. */
export function evidenceText(e: EvidenceBody, t: Translate, changes?: string): { subject: string; body: string } {
  const body = [...evidenceRows(e, t, changes).map(([k, v]) => `${k}: ${v}`), '', t('evidenceCheckHow')].join('\n');
  return { subject: t('evidenceSubject', e.work.modelName), body };
}
