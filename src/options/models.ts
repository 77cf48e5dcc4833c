/** Options page section #models: the creator's models with their license terms and licensees. */
import { send } from '../messaging.js';
import type { OwnModel } from '../storage/own.js';
import { h, safeHref } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { ModelInput } from '../lib/own/index.js';
import { errorText, MODELS_CHANGED, modelsChanged, problemWith, statusLine } from './form.js';
import { modelForm } from './model-form.js';

const COMMERCIAL_KEY = { allowed: 'cwCommercialAllowed', 'license-required': 'cwCommercialLicenseRequired', forbidden: 'cwCommercialForbidden' } as const;

export function modelLabel(m: Pick<OwnModel, 'name' | 'version'>): string {
  return m.version ? `${m.name} ${m.version}` : m.name;
}

function modelItem(m: OwnModel, onEdit: () => void, onDelete: () => void): HTMLLIElement {
  const l = m.license;
  const terms = [t(COMMERCIAL_KEY[l.commercialUse]), l.price, l.attributionRequired ? t('cwLicenseAttribution') : undefined].filter(Boolean).join(' · ');
  const href = safeHref(l.licenseUrl);
  return h(
    'li',
    { class: 'model card', 'data-model-id': m.id },
    h('div', { class: 'row' },
      h('strong', { class: 'model-name' }, modelLabel(m)),
      m.baseModel ? h('span', { class: 'muted' }, m.baseModel) : null,
      m.hashes?.autov2 ? h('code', { title: m.hashes.sha256 ?? '' }, m.hashes.autov2) : null,
    ),
    h('p', { class: 'muted' }, terms, href ? ' · ' : '', href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, t('cwLicenseUrl')) : ''),
    h('p', { class: 'muted' }, t('cwModelCounts', [String(m.works), String(m.licensees.length)])),
    h('div', { class: 'actions' },
      button(t('cwEdit'), onEdit, `edit-${m.id}`),
      button(t('cwDelete'), onDelete, `delete-${m.id}`, 'danger'),
    ),
  );
}

function button(label: string, onClick: () => void, id: string, cls = ''): HTMLButtonElement {
  const b = h('button', { type: 'button', class: cls, 'data-action': id }, label);
  b.addEventListener('click', onClick);
  return b;
}

export async function mountModels(root: HTMLElement): Promise<void> {
  const status = statusLine('models-status');
  const needProfile = h('p', { class: 'hint', id: 'models-need-profile', hidden: true }, t('cwModelsNeedProfile'));
  const list = h('ul', { id: 'model-list', class: 'plain' });
  const add = h('button', { type: 'button', id: 'model-new' }, t('cwModelNew'));
  const mf = modelForm();
  root.append(h('p', { class: 'hint' }, t('cwModelsIntro')), needProfile, list, add, mf.form, status.el);

  const open = (m?: OwnModel) => {
    mf.fill(m);
    mf.form.hidden = false;
    add.hidden = true;
    (mf.form.elements.namedItem('name') as HTMLInputElement).focus();
  };
  const close = () => {
    mf.form.hidden = true;
    add.hidden = false;
    add.focus();
  };

  const refresh = async () => {
    const [profile, models] = await Promise.all([send('own/profile/get', {}), send('own/models/list', {})]);
    needProfile.hidden = !!profile;
    add.disabled = !profile;
    list.replaceChildren(
      ...models.map((m) =>
        modelItem(
          m,
          () => open(m),
          async () => {
            if (!confirm(t('cwModelDeleteConfirm', [modelLabel(m), String(m.works)]))) return;
            try {
              await send('own/model/delete', { id: m.id });
              status.show(t('cwModelDeleted', modelLabel(m)));
              modelsChanged();
            } catch (e) {
              status.show(t('cwStatusError', errorText(e)), 'error');
            }
          },
        ),
      ),
    );
    if (models.length === 0) list.append(h('li', { class: 'muted' }, t('cwModelsEmpty')));
    root.dataset.models = String(models.length);
  };

  add.addEventListener('click', () => open());
  mf.form.querySelector('#model-cancel')!.addEventListener('click', close);
  mf.form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const draft = mf.read();
    const problem = problemWith(ModelInput, draft);
    if (problem) return status.show(t('cwStatusError', problem), 'error');
    status.show(t('cwStatusSaving'), 'busy');
    try {
      const saved = await send('own/model/save', draft);
      status.show(t('cwModelSaved', modelLabel(saved)));
      close();
      modelsChanged();
    } catch (e) {
      status.show(t('cwStatusError', errorText(e)), 'error');
    }
  });
  document.addEventListener(MODELS_CHANGED, () => void refresh().catch((e: unknown) => status.show(t('cwStatusError', errorText(e)), 'error')));
  await refresh();
  root.dataset.ready = 'true';
}
