import { describe, expect, it } from 'vitest';
import { pageEffect } from '../../src/lib/page/page-settings.js';

const on = { autoScan: true, marksEnabled: true, pausedSites: [] as string[] };

describe('page settings as a content script applies them', () => {
  it('draws marks on a scanned page, none when marks are off', () => {
    expect(pageEffect(on, 'https://example.com/a')).toEqual({ paused: false, marks: true });
    expect(pageEffect({ ...on, marksEnabled: false }, 'https://example.com/a')).toEqual({ paused: false, marks: false });
  });

  it('pauses a paused site and its subdomains, not other sites, and everything when automatic scanning is off', () => {
    const s = { ...on, pausedSites: ['example.com'] };
    expect(pageEffect(s, 'https://img.example.com/x')).toEqual({ paused: true, marks: false });
    expect(pageEffect(s, 'https://example.org/x')).toEqual({ paused: false, marks: true });
    expect(pageEffect({ ...on, autoScan: false }, 'https://example.org/x').paused).toBe(true);
  });

});
