/** Small form helpers shared by the creator sections: labelled fields, a live status line, values in and out. */
import * as v from 'valibot';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';

let uid = 0;

/** A label wrapping its control, with an optional hint tied by aria-describedby. */
export function field(labelKey: string, control: HTMLElement, hintKey?: string): HTMLElement {
  const id = control.id || `f${++uid}`;
  control.id = id;
  const label = h('label', { htmlFor: id }, t(labelKey));
  const wrap = h('div', { class: 'field' }, label, control);
  if (hintKey) {
    const hint = h('small', { id: `${id}-hint`, class: 'hint' }, t(hintKey));
    control.setAttribute('aria-describedby', hint.id);
    wrap.append(hint);
  }
  return wrap;
}

export function checkbox(labelKey: string, name: string, checked = false): HTMLLabelElement {
  return h('label', { class: 'check' }, h('input', { type: 'checkbox', name, checked }), ' ', t(labelKey));
}

export function textInput(name: string, props: Record<string, string | number | boolean | undefined> = {}): HTMLInputElement {
  return h('input', { type: 'text', name, autocomplete: 'off', ...props });
}

/** A polite live region: saving, saved, or an error (errors are also role=alert for screen readers). */
export function statusLine(id: string): { el: HTMLElement; show(text: string, kind?: 'ok' | 'error' | 'busy'): void } {
  const el = h('p', { id, class: 'status', role: 'status', 'aria-live': 'polite' });
  return {
    el,
    show(text, kind = 'ok') {
      el.textContent = text;
      el.dataset.kind = kind;
    },
  };
}

export function inputOf(form: HTMLFormElement, name: string): HTMLInputElement {
  const el = form.elements.namedItem(name);
  if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) throw new Error(`no field ${name}`);
  return el as HTMLInputElement;
}

/** Trimmed text of a field, undefined when empty (the background stores no empty strings). */
export function valueOf(form: HTMLFormElement, name: string): string | undefined {
  const v = inputOf(form, name).value.trim();
  return v === '' ? undefined : v;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Tells the other sections that the user's models changed (works' model pickers follow). */
export const MODELS_CHANGED = 'll-own-models-changed';
export function modelsChanged(): void {
  document.dispatchEvent(new Event(MODELS_CHANGED));
}

/**
 * Checks a request against the schema the background will apply, so the creator sees which field is wrong
 * ("license.licenseUrl: must be an http(s) URL") before anything is sent. Undefined when it passes.
 */
export function problemWith(schema: v.GenericSchema, value: unknown): string | undefined {
  const r = v.safeParse(schema, value);
  if (r.success) return undefined;
  const issue = r.issues[0];
  const path = v.getDotPath(issue);
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Makes `zone` accept dropped files (highlighted while dragging over it) and hands them to `onFiles`. */
export function dropZone(zone: HTMLElement, onFiles: (files: File[]) => void): void {
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length) onFiles(files);
  });
}
