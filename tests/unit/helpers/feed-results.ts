/**
 * Results like the ones bench:load's feed gives (scripts/lib/generated-pages.ts scrollPage with the demo list):
 * each image its own URL, 5 of every 8 flagged (the demo works and altered copies) with the demo model's full
 * match and a thumbnail of the size Chrome's encoder gave there (5,299 characters), the rest clear.
 */
import type { ImageResult } from '../../../src/lib/messages.js';
import type { WorkMatch } from '../../../src/lib/types.js';

const WORKS = ['astronaut', 'chelsea', 'starry-night'];

export function demoMatch(i: number): WorkMatch {
  return {
    workId: WORKS[i % 3]!,
    distance: 4 + (i % 7),
    verdict: 'unlicensed',
    source: 'demo',
    model: {
      id: 'portrait-muse',
      name: 'Portrait Muse',
      version: 'v2',
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
    },
    creator: { id: 'lin-yue', name: 'Lin Yue (demo creator)', homepage: 'https://creator.example', contact: 'licensing@creator.example' },
    reason: 'fingerprint',
    ...(i % 5 === 0 ? { change: ['recompressed' as const] } : {}),
  };
}

export function feedResult(tab: number, i: number): ImageResult {
  const url = `http://127.0.0.1:8701/images/photo-${i % 8}.jpg?s=t${tab}-${i}`;
  const fingerprint = (i * 7919 + tab).toString(16).padStart(8, '0').repeat(8);
  if (i % 8 >= 5) return { url, status: 'clear', matches: [], checkedAt: 1_764_000_000_000 + i, fingerprint };
  const thumb = `data:image/jpeg;base64,${String.fromCharCode(65 + (i % 26)).repeat(5299 - 23)}`;
  return { url, status: 'matched', matches: [demoMatch(i)], checkedAt: 1_764_000_000_000 + i, fingerprint, thumb };
}
