/**
 * The content script's table of found image URLs (src/content/scan/image-table.ts): what `scan/progress` counts
 * as found and pending follows each URL from found to verdict, and an icon-sized copy or a restart forgets it.
 */
import { describe, expect, it } from 'vitest';
import { ImageTable } from '../../src/content/scan/image-table.js';
import type { ImageResult } from '../../src/lib/protocol/index.js';

// Elements are only keys here: plain objects stand in for them in Node.
const el = () => ({}) as Element;
const result = (url: string, status: ImageResult['status']) => ({ url, status, matches: [], checkedAt: 1 }) as ImageResult;

describe('image table', () => {
  it('counts a URL pending from queued until its verdict, and a failed batch pending again', () => {
    const t = new ImageTable();
    const [a, b] = [el(), el()];
    expect(t.add(a, 'u1').fresh).toBe(true);
    expect(t.add(b, 'u1')).toMatchObject({ fresh: false, entry: { state: 'new' } });
    t.add(b, 'u2');
    expect([t.size, t.pending]).toEqual([2, 0]); // new: size still to be learnt, not pending
    t.get('u1')!.state = 'queued';
    t.get('u2')!.state = 'queued';
    expect(t.pending).toBe(2);
    expect(t.send(['u1', 'u2', 'gone'])).toEqual(['u1', 'u2']);
    expect(t.requeue(['u2', 'gone'])).toEqual(['u2']);
    expect(t.get('u2')!.state).toBe('queued');
    expect(t.settle('u1', result('u1', 'matched'))?.state).toBe('done');
    expect(t.settle('u2', result('u2', 'clear'))?.result?.status).toBe('clear');
    expect(t.settle('gone', result('gone', 'matched'))).toBeUndefined();
    expect([t.size, t.pending, [...t.flagged]]).toEqual([2, 0, ['u1']]);
    expect([...t.urlsOf(b)]).toEqual(['u1', 'u2']);
  });

  it('forgets a URL when its last element is dropped, and everything on clear', () => {
    const t = new ImageTable();
    const [a, b] = [el(), el()];
    t.add(a, 'u');
    t.add(b, 'u');
    t.drop(a, 'u');
    expect(t.get('u')?.els.size).toBe(1);
    expect([...t.urlsOf(a)]).toEqual([]);
    t.drop(b, 'u');
    expect(t.get('u')).toBeUndefined();
    t.add(a, 'v');
    t.settle('v', result('v', 'matched'));
    t.clear();
    expect([t.size, t.flagged.size]).toEqual([0, 0]);
    expect(t.add(a, 'v').fresh).toBe(true);
  });
});
