/**
 * Helpers for the registry end-to-end tests: lists re-signed from the demo list's works under test publishers
 * (so the demo page's images are theirs), and actions on the options page's #registries section as a user does them.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import type { RegistryServer } from '../../scripts/lib/demo-registry.js';
import { REGISTRIES_SECTION, sectionOutcome, sectionStatus, startSectionAction, type SectionStatus } from './lib/options-section.js';
import { signList, type KeyPairInfo, type ListDraft } from '../../src/lib/list/index.js';

const demo = JSON.parse(readFileSync('public/demo-list.json', 'utf8')) as ListDraft & { signature?: unknown };

/** The demo list's works `ids` (astronaut, chelsea, starry-night) as `name`'s own signed list. */
export async function demoWorksList(key: KeyPairInfo, name: string, ids: string[], homepage?: string): Promise<string> {
  const rest: Partial<typeof demo> = { ...demo };
  delete rest.signature;
  const draft: ListDraft = {
    ...(rest as ListDraft),
    id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    name: `${name}'s works`,
    publisher: { name, ...(homepage ? { homepage } : {}) },
    works: demo.works.filter((w) => ids.includes(w.id)),
  };
  return JSON.stringify(await signList(draft, key));
}

export interface RegistriesState extends SectionStatus {
  items: Array<{ id: string; edition: string; state: string; text: string; publishers: Array<{ name: string; verified: string; on: string }> }>;
}

export async function registriesState(options: Page): Promise<RegistriesState> {
  const items = await options.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('#registries-list li.registry')).map((li) => ({
      id: li.dataset.id ?? '',
      edition: li.dataset.edition ?? '',
      state: li.dataset.state ?? '',
      text: li.textContent ?? '',
      publishers: Array.from(li.querySelectorAll<HTMLElement>('li.publisher')).map((p) => ({
        name: p.querySelector('.publisher-name')?.textContent ?? '',
        verified: p.dataset.verified ?? '',
        on: p.dataset.on ?? '',
      })),
    })),
  );
  return { ...(await sectionStatus(options, REGISTRIES_SECTION)), items };
}

/** One action in #registries the way a user does it, then its outcome line. */
export async function registriesAction(options: Page, action: { add: string } | { update: string } | { remove: string }, timeoutMs = 60_000): Promise<RegistriesState> {
  await startSectionAction(options, REGISTRIES_SECTION, 'add' in action ? { url: action.add } : action);
  await sectionOutcome(options, REGISTRIES_SECTION, timeoutMs);
  return registriesState(options);
}

/** The options page once #registries is ready. */
export async function waitForRegistries(options: Page): Promise<void> {
  await options.waitForFunction(() => document.getElementById('registries')?.dataset.ready === 'true', { timeout: 20_000, polling: 200 });
}

/**
 * The registry's manifest answered as usual, except while held (a slow host): the answers wait for `release()`.
 * `count()` is how many times it was asked for.
 */
export function holdManifest(reg: RegistryServer): { hold(): void; release(): void; count(): number } {
  let holding = false;
  let count = 0;
  const waiting: Array<() => void> = [];
  reg.overrides.set('/registry/manifest.json', (res) => {
    count++;
    const answer = () => {
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' }).end(Buffer.from(reg.files.get('manifest.json')!));
    };
    if (holding) waiting.push(answer);
    else answer();
  });
  return {
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      for (const answer of waiting.splice(0)) answer();
    },
    count: () => count,
  };
}
