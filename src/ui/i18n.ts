/** Localised strings for extension pages: `t()` for code, `data-i18n` attributes for static markup. */
import browser from '../browser.js';

export function t(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** Fills every [data-i18n] element's text (never its HTML) and [data-i18n-title] title. */
export function localize(root: ParentNode = document): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n]'))) el.textContent = t(el.dataset.i18n!);
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n-title]'))) el.title = t(el.dataset.i18nTitle!);
  document.documentElement.lang = browser.i18n.getUILanguage();
}
