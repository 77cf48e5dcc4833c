/**
 * Welcome page, opened once on install: what the extension does, its privacy promise, host access (Firefox leaves
 * it to the user: explained and requested here), and the demo list switch.
 */
import type { RegistrySummary } from '../lib/protocol/index.js';
import { call } from '../messaging.js';
import { mountAccessNotice } from '../ui/access-notice.js';
import { localize, t } from '../ui/i18n.js';

const toggle = document.getElementById('demo-toggle') as HTMLInputElement;
const status = document.getElementById('demo-status')!;

function show(s: RegistrySummary): void {
  toggle.checked = s.demoEnabled;
  const demo = s.sources.find((x) => x.source === 'demo');
  status.textContent = s.demoEnabled ? t('welcomeDemoOn', String(demo?.works ?? 0)) : t('welcomeDemoOff');
  status.dataset.state = s.demoEnabled ? 'on' : 'off';
}

toggle.addEventListener('change', async () => {
  toggle.disabled = true;
  status.dataset.state = 'busy';
  const r = await call('demo/set', { enabled: toggle.checked });
  toggle.disabled = false;
  if (r.ok) show(r.value);
  else {
    status.textContent = r.error;
    status.dataset.state = 'error';
  }
});

const registryForm = document.getElementById('registry-demo') as HTMLFormElement;
const registryStatus = document.getElementById('registry-demo-status')!;
registryForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const url = (document.getElementById('registry-demo-url') as HTMLInputElement).value.trim();
  registryStatus.dataset.state = 'busy';
  void call('registries/add-url', { url }).then((r) => {
    registryStatus.textContent = r.ok ? t('welcomeRegistryAdded', [String(r.value.publishers.length), String(r.value.works)]) : r.error;
    registryStatus.dataset.state = r.ok ? 'on' : 'error';
  });
});

localize();
void mountAccessNotice({
  box: document.getElementById('access')!,
  status: document.getElementById('access-status')!,
  button: document.getElementById('access-grant') as HTMLButtonElement,
  hideWhenGranted: false,
});
void call('registry/summary', {}).then((r) => (r.ok ? show(r.value) : (status.textContent = r.error)));
