/** The demo creator, model and works, as data; scripts/make-demo.ts adds each work's fingerprints (workFingerprints) and writes the list. */
import type { ListDraft } from '../src/lib/list/schema.js';

export const DEMO_WORKS = [
  { id: 'astronaut', file: 'astronaut.jpg', title: 'Portrait in a flight suit' },
  { id: 'chelsea', file: 'chelsea.jpg', title: 'Tabby cat portrait' },
  { id: 'starry-night', file: 'starry-night.jpg', title: 'Night sky study' },
] as const;

export function demoList(fingerprints: Record<string, string[]>): ListDraft {
  return {
    format: 'license-lens/list',
    formatVersion: 1,
    id: 'demo',
    name: 'License Lens demo list',
    version: 1,
    updated: '2026-11-22T00:00:00.000Z',
    publisher: { name: 'Lin Yue (demo creator)', homepage: 'https://creator.example', contact: 'licensing@creator.example' },
    models: [
      {
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
      },
    ],
    works: DEMO_WORKS.map((w) => ({ id: w.id, model: 'portrait-muse', title: w.title, fingerprints: fingerprints[w.file]! })),
  };
}
