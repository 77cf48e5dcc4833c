/**
 * The options page's #lists and #registries sections as a user drives them: one action started the way a user
 * starts it (an address typed and submitted, or an item's button), its outcome line waited for, and that line read.
 */
import type { Page } from 'puppeteer-core';

/** The element ids of one section, and the selector of its items. */
export interface Section {
  root: string;
  status: string;
  url: string;
  form: string;
  item: string;
}

export const LISTS_SECTION: Section = { root: 'lists', status: 'lists-status', url: 'list-url', form: 'list-subscribe', item: 'li' };
export const REGISTRIES_SECTION: Section = { root: 'registries', status: 'registries-status', url: 'registry-url', form: 'registry-add', item: 'li.registry' };

/** An address to add, or an item's Update or Remove button (by its id). */
export type SectionAction = { url: string } | { update: string } | { remove: string };

export interface SectionStatus {
  status: string;
  statusState: string;
}

/** Starts one action without waiting for its outcome. */
export async function startSectionAction(page: Page, s: Section, action: SectionAction): Promise<void> {
  await page.evaluate(
    (s, a) => {
      const root = document.getElementById(s.root)!;
      document.getElementById(s.status)!.textContent = '';
      root.dataset.busy = 'pending';
      if ('url' in a) {
        (document.getElementById(s.url) as HTMLInputElement).value = a.url;
        (document.getElementById(s.form) as HTMLFormElement).requestSubmit();
      } else {
        const id = 'update' in a ? a.update : a.remove;
        root.querySelector<HTMLButtonElement>(`${s.item}[data-id="${id}"] button.${'update' in a ? 'update' : 'remove'}`)!.click();
      }
    },
    s,
    action,
  );
}

/** Waits for the outcome line of the action started last (not a progress line). */
export async function sectionOutcome(page: Page, s: Section, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    (s) => {
      const status = document.getElementById(s.status)!;
      return !document.getElementById(s.root)!.dataset.busy && status.textContent !== '' && status.dataset.state !== 'progress';
    },
    { timeout: timeoutMs, polling: 200 },
    s,
  );
}

export function sectionStatus(page: Page, s: Section): Promise<SectionStatus> {
  return page.evaluate((id) => {
    const status = document.getElementById(id)!;
    return { status: status.textContent ?? '', statusState: status.dataset.state ?? '' };
  }, s.status);
}
