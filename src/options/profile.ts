/** Options page section #profile: the creator's display name, homepage and contact (the homepage counts as licensed). */
import './creator.css';
import { send } from '../messaging.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { ProfileSchema } from '../lib/own/index.js';
import { errorText, field, modelsChanged, problemWith, statusLine, textInput, valueOf } from './form.js';

export async function mountProfile(root: HTMLElement): Promise<void> {
  const status = statusLine('profile-status');
  const form = h(
    'form',
    { id: 'profile-form', class: 'card' },
    h('p', { class: 'hint' }, t('cwProfileIntro')),
    field('cwProfileName', textInput('name', { required: true, maxLength: 200 })),
    field('cwProfileHomepage', h('input', { type: 'url', name: 'homepage', maxLength: 2000, placeholder: 'https://' }), 'cwProfileHomepageHint'),
    field('cwProfileContact', textInput('contact', { maxLength: 300 }), 'cwProfileContactHint'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('cwProfileSave')), status.el),
  );
  root.append(form);

  const fill = (p: { name?: string; homepage?: string; contact?: string } | null) => {
    for (const k of ['name', 'homepage', 'contact'] as const) (form.elements.namedItem(k) as HTMLInputElement).value = p?.[k] ?? '';
  };
  const profile = await send('own/profile/get', {});
  fill(profile);
  root.dataset.hasProfile = String(!!profile);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const draft = { name: valueOf(form, 'name') ?? '', homepage: valueOf(form, 'homepage'), contact: valueOf(form, 'contact') };
    const problem = problemWith(ProfileSchema, draft);
    if (problem) return status.show(t('cwStatusError', problem), 'error');
    status.show(t('cwStatusSaving'), 'busy');
    try {
      const saved = await send('own/profile/set', draft);
      fill(saved);
      root.dataset.hasProfile = 'true';
      status.show(t('cwStatusSaved'));
      modelsChanged(); // the models section waits for a profile before it lets models be added
    } catch (e) {
      status.show(t('cwStatusError', errorText(e)), 'error');
    }
  });
  root.dataset.ready = 'true';
}
