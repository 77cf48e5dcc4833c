/**
 * A list's optional report channel (issue 22.5): where a subscriber may send evidence of a flagged copy, per
 * publisher or per model (a model's wins). Either a `mailto:` address or an https form URL, which may carry
 * placeholders the extension fills in (URL-encoded) when the user opens it: {pageUrl}, {imageUrl}, {work},
 * {summary}. Nothing is sent by the extension itself: the user's click opens the mail program or the form.
 */
import * as v from 'valibot';

export const REPORT_PLACEHOLDERS = ['pageUrl', 'imageUrl', 'work', 'summary'] as const;
export type ReportPlaceholder = (typeof REPORT_PLACEHOLDERS)[number];
export type ReportFields = Record<ReportPlaceholder, string>;

const EMAIL = /^[^\s@<>"'(),;:?#/\\]+@[^\s@<>"'(),;:?#/\\]+\.[a-z]{2,}$/i;
const PLACEHOLDER = /\{(pageUrl|imageUrl|work|summary)\}/g;

/** `mailto:` and one plain address (the extension writes subject and body), or an https URL. */
export function reportChannelKind(s: string): 'mailto' | 'form' | undefined {
  if (/^mailto:/i.test(s)) return EMAIL.test(s.slice(7)) ? 'mailto' : undefined;
  if (!/^https:\/\//i.test(s)) return undefined;
  const filled = s.replace(PLACEHOLDER, 'x');
  return /[{}]/.test(filled) || !URL.canParse(filled) ? undefined : 'form';
}

export const ReportChannelSchema = v.pipe(
  v.string(),
  v.maxLength(2000),
  v.check((s: string) => reportChannelKind(s) !== undefined, 'report is a mailto: address or an https form URL (placeholders {pageUrl} {imageUrl} {work} {summary})'),
);

/** The model's channel, else the publisher's. */
export function reportChannelOf(model: { report?: string }, publisher: { report?: string }): string | undefined {
  return model.report ?? publisher.report;
}

/**
 * The URL the user's click opens: a mailto: with subject and body, or the form URL with its placeholders filled
 * (the values URL-encoded). Undefined for a channel that is not valid.
 */
export function reportUrl(channel: string, subject: string, body: string, fields: ReportFields): string | undefined {
  const kind = reportChannelKind(channel);
  if (kind === 'mailto') return `mailto:${channel.slice(7)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  if (kind === 'form') return channel.replace(PLACEHOLDER, (_m, k: ReportPlaceholder) => encodeURIComponent(fields[k]));
  return undefined;
}
