/**
 * Results like the ones bench:load's feed gives (scripts/lib/generated-pages.ts scrollPage with the demo list):
 * each image its own URL, 5 of every 8 flagged (the demo works and altered copies) with the demo model's full
 * match and a thumbnail of the size Chrome's encoder gave there (5,299 characters), the rest clear.
 */
import { DEMO_MODEL, DEMO_PUBLISHER, DEMO_WORKS } from '../../../demo/demo-list-source.js';
import type { ImageResult } from '../../../src/lib/protocol/messages.js';
import type { WorkMatch } from '../../../src/lib/types.js';

// Ids as the registry namespaces the demo list's records (listToRegistry with source 'demo').
const ns = (id: string) => `demo/${id}`;

export function demoMatch(i: number): WorkMatch {
  const { id, name, version, license } = DEMO_MODEL;
  return {
    workId: ns(DEMO_WORKS[i % DEMO_WORKS.length]!.id),
    distance: 4 + (i % 7),
    verdict: 'unlicensed',
    source: 'demo',
    model: { id: ns(id), name, version, license },
    creator: { id: ns('publisher'), ...DEMO_PUBLISHER },
    reason: 'fingerprint',
    ...(i % 5 === 0 ? { hints: { changes: [{ kind: 'resized' as const }], similarity: 97, decidedBy: 'detail' as const, size: { width: 800, height: 600 } } } : {}),
  };
}

export function feedResult(tab: number, i: number): ImageResult {
  const url = `http://127.0.0.1:8701/images/photo-${i % 8}.jpg?s=t${tab}-${i}`;
  const fingerprint = (i * 7919 + tab).toString(16).padStart(8, '0').repeat(8);
  if (i % 8 >= 5) return { url, status: 'clear', matches: [], checkedAt: 1_764_000_000_000 + i, fingerprint };
  const thumb = `data:image/jpeg;base64,${String.fromCharCode(65 + (i % 26)).repeat(5299 - 23)}`;
  return { url, status: 'matched', matches: [demoMatch(i)], checkedAt: 1_764_000_000_000 + i, fingerprint, thumb };
}
