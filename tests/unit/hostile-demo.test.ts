import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOSTILE_TEXT } from '../../demo/demo-list-source.js';
import { parseList } from '../../src/lib/list/schema.js';
import { verifyList } from '../../src/lib/list/sign.js';

describe('hostile demo list variant', () => {
  it('is a valid list whose text fields carry HTML and script, under three models with different terms', () => {
    const r = parseList(readFileSync(new URL('../fixtures/lists/demo-list-hostile.json', import.meta.url), 'utf8'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.list.publisher.name).toBe(HOSTILE_TEXT.publisher);
    expect(r.list.models.map((m) => m.name)).toEqual([HOSTILE_TEXT.model, 'Open Sketch', 'Studio Lens']);
    expect(r.list.models[0]!.license.price).toBe(HOSTILE_TEXT.price);
    expect(r.list.models[2]!.licensees[0]!.sites).toEqual(['127.0.0.1']);
  });

  it('still verifies: its signature was made over the canonical form, which a canonicalize upgrade must not change', async () => {
    const r = await verifyList(readFileSync(new URL('../fixtures/lists/demo-list-hostile.json', import.meta.url), 'utf8'));
    expect(r.ok ? 'ok' : r.error).toBe('ok');
  });
});
