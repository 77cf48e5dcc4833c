/**
 * What the #lists and #registries sections share: their outcome line (its state read by screen readers and the
 * tests) and the way they run one action as the user sees it.
 */
import { h } from '../ui/dom.js';
import { errorText } from './list-files.js';
import { FinishedAfterRestart } from './list-op.js';
import { t } from '../ui/i18n.js';

export type Say = (text: string, state?: 'ok' | 'error' | 'progress') => void;

/** The section's outcome line: a status, or an alert when it says what failed. */
export function statusLine(id: string): { status: HTMLParagraphElement; say: Say } {
  const status = h('p', { id, role: 'status' });
  const say: Say = (text, state = 'ok') => {
    status.textContent = text;
    status.className = state === 'error' ? 'error' : '';
    status.setAttribute('role', state === 'error' ? 'alert' : 'status');
    status.dataset.state = state;
  };
  return { status, say };
}

export interface SectionAction {
  root: HTMLElement;
  say: Say;
  /** Redraws the section from the background, after every action. */
  refresh(): Promise<void>;
  /** The outcome line of a failure, from its reason. */
  failed(reason: string): string;
}

/**
 * Runs one action: the section is busy while it runs, then shows its outcome line and is redrawn; a failure leaves
 * everything shown as it was. An operation the next background finished after a stop says so.
 */
export function sectionAction({ root, say, refresh, failed }: SectionAction): (work: () => Promise<string>) => Promise<void> {
  return async (work) => {
    root.dataset.busy = 'true';
    try {
      say(await work());
    } catch (e) {
      if (e instanceof FinishedAfterRestart) say(t('listsFinishedAfterRestart'));
      else say(failed(errorText(e)), 'error');
    } finally {
      await refresh().catch((e: unknown) => say(failed(errorText(e)), 'error'));
      delete root.dataset.busy;
    }
  };
}
