/** The demo creator, model and works, as data; scripts/make-demo.ts adds each work's fingerprints, detail, chroma (workFingerprints) and size, and writes the list. */
import type { WorkPrint } from '../src/lib/match/hash/work-fingerprints.js';
import type { ListDraft } from '../src/lib/list/schema.js';

export const DEMO_WORKS = [
  { id: 'astronaut', file: 'astronaut.jpg', title: 'Portrait in a flight suit' },
  { id: 'chelsea', file: 'chelsea.jpg', title: 'Tabby cat portrait' },
  { id: 'starry-night', file: 'starry-night.jpg', title: 'Night sky study' },
] as const;

/** The demo list's publisher and model (with its license terms): tests that need what a demo match says take them from here. */
export const DEMO_PUBLISHER = {
  name: 'Lin Yue (demo creator)',
  homepage: 'https://creator.example',
  contact: 'licensing@creator.example',
} satisfies ListDraft['publisher'];

export const DEMO_MODEL = {
  id: 'portrait-muse',
  name: 'Portrait Muse',
  version: 'v2',
  baseModel: 'SDXL 1.0',
  // Fictional model file hashes; AutoV2 is the first 10 hex of the SHA-256. demo/images/generated-muse.png names the AutoV2.
  hashes: { sha256: '4a3f9c0d1e7b52a8c6f04d9e3b1a7c5f2e8d6b4a09c3e1f7d5b2a8c6e4f09d1b', autov2: '4a3f9c0d1e' },
  license: {
    personalUse: true,
    commercialUse: 'license-required',
    price: '4,499 CNY for small companies',
    attributionRequired: true,
    derivativesAllowed: false,
    licenseUrl: 'https://creator.example/license',
    contact: 'licensing@creator.example',
    summary: 'Personal use free; commercial use needs a license (4,499 CNY for small companies).',
  },
  licensees: [{ name: 'Example Studio', sites: ['studio.example'] }],
} satisfies ListDraft['models'][number];

/** A work's fingerprints, detail and chroma (workFingerprints), its natural size and its file's SHA-256 (works[].sha256). */
export type DemoPrint = WorkPrint & { size: { width: number; height: number }; sha256: string };

export function demoList(prints: Record<string, DemoPrint>): ListDraft {
  return {
    format: 'license-lens/list',
    formatVersion: 1,
    id: 'demo',
    name: 'License Lens demo list',
    version: 1,
    updated: '2026-11-22T00:00:00.000Z',
    publisher: DEMO_PUBLISHER,
    models: [DEMO_MODEL],
    works: DEMO_WORKS.map((w) => ({ id: w.id, model: DEMO_MODEL.id, title: w.title, ...prints[w.file]! })),
  };
}

/**
 * The hostile variant (public/demo-list-hostile.json): the same works under three models with different
 * verdicts on the demo page's host (unlicensed, free with credit, licensed for 127.0.0.1), and text fields full
 * of HTML and script. Tests use it to check verdict order and that list text is only ever shown as text.
 */
export const HOSTILE_TEXT = {
  publisher: '<img src=x onerror="document.title=\'pwned\'">Mallory <b>Studio</b>',
  model: '<script>document.title="pwned"</script>Muse',
  version: '<b>v9</b>',
  price: '<img src=x onerror=alert(1)>99 USD',
  contact: 'javascript:alert(1)<script>alert(2)</script>',
  summary: '<a href="javascript:alert(1)">click me</a>',
} as const;

export function hostileDemoList(prints: Record<string, DemoPrint>): ReturnType<typeof demoList> {
  const base = demoList(prints);
  const terms = base.models[0]!.license;
  return {
    ...base,
    id: 'demo-hostile',
    name: '<i>Hostile</i> demo list',
    publisher: { name: HOSTILE_TEXT.publisher, homepage: 'https://mallory.example', contact: HOSTILE_TEXT.contact },
    models: [
      {
        id: 'hostile-muse',
        name: HOSTILE_TEXT.model,
        version: HOSTILE_TEXT.version,
        license: { ...terms, price: HOSTILE_TEXT.price, contact: HOSTILE_TEXT.contact, summary: HOSTILE_TEXT.summary, licenseUrl: 'https://mallory.example/license' },
        licensees: [],
      },
      {
        id: 'open-sketch',
        name: 'Open Sketch',
        version: '1.0',
        license: { personalUse: true, commercialUse: 'allowed', attributionRequired: true, derivativesAllowed: true, licenseUrl: 'https://mallory.example/open' },
        licensees: [],
      },
      {
        id: 'studio-lens',
        name: 'Studio Lens',
        version: 'v3',
        license: { ...terms, price: '1,000 USD a year', summary: undefined },
        licensees: [{ name: 'The demo page', sites: ['127.0.0.1'] }],
      },
    ],
    works: [
      { id: 'astronaut', model: 'hostile-muse', title: '<svg onload=alert(1)>', ...prints['astronaut.jpg']! },
      { id: 'chelsea', model: 'open-sketch', title: 'Tabby cat portrait', ...prints['chelsea.jpg']! },
      { id: 'starry-night', model: 'studio-lens', title: 'Night sky study', ...prints['starry-night.jpg']! },
    ],
  };
}
