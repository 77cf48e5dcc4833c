/**
 * The model form: name, version, base model, file hashes, structured license terms, licensees, and the Civitai
 * import shortcut. `read()` gives exactly what 'own/model/save' takes; the background validates it again.
 */
import { fromCivitaiText } from '../lib/own/index.js';
import type { Request } from '../lib/protocol/index.js';
import type { Model } from '../lib/types.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { checkbox, field, inputOf, textInput, valueOf } from './form.js';
import { licenseeEditor } from './licensees.js';
import { modelHashPicker } from './model-hash-ui.js';

export type ModelDraft = Request<'own/model/save'>;

export interface ModelForm {
  form: HTMLFormElement;
  fill(m?: Model): void;
  read(): ModelDraft;
}

export function modelForm(): ModelForm {
  const licensees = licenseeEditor();
  const civitaiText = h('textarea', { id: 'civitai-json', rows: 3, placeholder: '{ "allowNoCredit": true, "allowCommercialUse": ["Image"], … }' });
  const civitaiFile = h('input', { type: 'file', id: 'civitai-file', accept: '.json,.info,application/json' });
  const civitaiStatus = h('p', { class: 'status', id: 'civitai-status', role: 'status', 'aria-live': 'polite' });
  const civitaiButton = h('button', { type: 'button', id: 'civitai-import' }, t('cwCivitaiImport'));
  const commercial = h(
    'select',
    { name: 'commercialUse' },
    h('option', { value: 'license-required' }, t('cwCommercialLicenseRequired')),
    h('option', { value: 'allowed' }, t('cwCommercialAllowed')),
    h('option', { value: 'forbidden' }, t('cwCommercialForbidden')),
  );
  const form = h(
    'form',
    { id: 'model-form', class: 'card', hidden: true },
    h('input', { type: 'hidden', name: 'id' }),
    h('div', { class: 'grid' },
      field('cwModelName', textInput('name', { required: true, maxLength: 200 })),
      field('cwModelVersion', textInput('version', { maxLength: 50 })),
      field('cwModelBase', textInput('baseModel', { maxLength: 100, placeholder: 'SDXL 1.0' })),
    ),
    h('fieldset', {},
      h('legend', {}, t('cwModelHashes')),
      h('div', { class: 'grid' },
        field('cwModelSha256', textInput('sha256', { pattern: '[0-9a-fA-F]{64}', maxLength: 64, spellcheck: false })),
        field('cwModelAutoV2', textInput('autov2', { pattern: '[0-9a-fA-F]{10}', maxLength: 10, spellcheck: false }), 'cwModelAutoV2Hint'),
      ),
      modelHashPicker((r) => {
        inputOf(form, 'sha256').value = r.sha256;
        inputOf(form, 'autov2').value = r.autov2;
      }),
    ),
    h('fieldset', {},
      h('legend', {}, t('cwLicenseTitle')),
      h('details', { class: 'civitai' },
        h('summary', {}, t('cwCivitaiTitle')),
        h('p', { class: 'hint' }, t('cwCivitaiHint')),
        field('cwCivitaiPaste', civitaiText),
        field('cwCivitaiFile', civitaiFile),
        civitaiButton,
        civitaiStatus,
      ),
      checkbox('cwLicensePersonal', 'personalUse', true),
      field('cwLicenseCommercial', commercial),
      field('cwLicensePrice', textInput('price', { maxLength: 200 }), 'cwLicensePriceHint'),
      checkbox('cwLicenseAttribution', 'attributionRequired'),
      checkbox('cwLicenseDerivatives', 'derivativesAllowed'),
      field('cwLicenseUrl', h('input', { type: 'url', name: 'licenseUrl', maxLength: 2000, placeholder: 'https://' })),
      field('cwLicenseContact', textInput('contact', { maxLength: 300 }), 'cwLicenseContactHint'),
      field('cwLicenseSummary', textInput('summary', { maxLength: 500 })),
    ),
    licensees.el,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'model-save' }, t('cwModelSave')),
      h('button', { type: 'button', id: 'model-cancel' }, t('cwCancel')),
    ),
  );

  const checked = (name: string) => inputOf(form, name).checked;
  const setChecked = (name: string, v: boolean) => (inputOf(form, name).checked = v);

  const importCivitai = (text: string) => {
    const r = fromCivitaiText(text);
    if (!r.ok) {
      civitaiStatus.textContent = t('cwCivitaiFailed', r.error);
      civitaiStatus.dataset.kind = 'error';
      return;
    }
    const { terms, name, version, baseModel, hashes, differentLicenseAllowed } = r.value;
    if (terms.commercialUse) commercial.value = terms.commercialUse;
    if (terms.attributionRequired !== undefined) setChecked('attributionRequired', terms.attributionRequired);
    if (terms.derivativesAllowed !== undefined) setChecked('derivativesAllowed', terms.derivativesAllowed);
    // Only fill what is still empty: the creator's own typing wins over the import.
    const fillEmpty = (n: string, v?: string) => {
      if (v && !inputOf(form, n).value.trim()) inputOf(form, n).value = v;
    };
    fillEmpty('name', name);
    fillEmpty('version', version);
    fillEmpty('baseModel', baseModel);
    fillEmpty('sha256', hashes?.sha256);
    fillEmpty('autov2', hashes?.autov2);
    if (differentLicenseAllowed !== undefined) {
      fillEmpty('summary', t(differentLicenseAllowed ? 'cwCivitaiDifferentLicenseYes' : 'cwCivitaiDifferentLicenseNo'));
    }
    civitaiStatus.textContent = t('cwCivitaiDone');
    civitaiStatus.dataset.kind = 'ok';
  };
  civitaiButton.addEventListener('click', () => importCivitai(civitaiText.value));
  civitaiFile.addEventListener('change', async () => {
    const f = civitaiFile.files?.[0];
    if (!f) return;
    if (f.size > 5_000_000) {
      civitaiStatus.textContent = t('cwCivitaiFailed', 'file larger than 5 MB');
      return;
    }
    civitaiText.value = await f.text();
    importCivitai(civitaiText.value);
    civitaiFile.value = '';
  });

  return {
    form,
    fill(m) {
      form.reset();
      civitaiText.value = '';
      civitaiStatus.textContent = '';
      inputOf(form, 'id').value = m?.id ?? '';
      for (const k of ['name', 'version', 'baseModel'] as const) inputOf(form, k).value = m?.[k] ?? '';
      inputOf(form, 'sha256').value = m?.hashes?.sha256 ?? '';
      inputOf(form, 'autov2').value = m?.hashes?.autov2 ?? '';
      const l = m?.license;
      setChecked('personalUse', l?.personalUse ?? true);
      commercial.value = l?.commercialUse ?? 'license-required';
      setChecked('attributionRequired', l?.attributionRequired ?? false);
      setChecked('derivativesAllowed', l?.derivativesAllowed ?? false);
      for (const k of ['price', 'licenseUrl', 'contact', 'summary'] as const) inputOf(form, k).value = l?.[k] ?? '';
      licensees.set(m?.licensees ?? []);
    },
    read() {
      const sha256 = valueOf(form, 'sha256')?.toLowerCase();
      const autov2 = valueOf(form, 'autov2')?.toLowerCase() ?? sha256?.slice(0, 10);
      return {
        id: valueOf(form, 'id'),
        name: valueOf(form, 'name') ?? '',
        version: valueOf(form, 'version'),
        baseModel: valueOf(form, 'baseModel'),
        hashes: sha256 || autov2 ? { sha256, autov2 } : undefined,
        license: {
          personalUse: checked('personalUse'),
          commercialUse: commercial.value as ModelDraft['license']['commercialUse'],
          price: valueOf(form, 'price'),
          attributionRequired: checked('attributionRequired'),
          derivativesAllowed: checked('derivativesAllowed'),
          licenseUrl: valueOf(form, 'licenseUrl'),
          contact: valueOf(form, 'contact'),
          summary: valueOf(form, 'summary'),
        },
        licensees: licensees.get(),
      };
    },
  };
}
