import { describe, expect, it } from 'vitest';
import { model, terms } from './helpers/verdict-fixtures.js';
import { verdictFor } from '../../src/lib/license/verdict.js';

// Verdict rules as the creator enters them in the options page: sites typed with ports, paths or wildcards,
// expiry dates from a date input (YYYY-MM-DD, valid through that whole day), homepages with or without a scheme.

describe('verdicts for the creator workflow', () => {
  it('accepts sites typed as host:port, URLs with paths and wildcards', () => {
    const m = model({ licensees: [{ name: 'Local', sites: ['127.0.0.1:8700', 'https://Shop.Example/store', '*.gallery.example'] }] });
    expect(verdictFor(m, undefined, 'http://127.0.0.1:41234/', new Date())).toBe('licensed');
    expect(verdictFor(m, undefined, 'https://eu.shop.example/x', new Date())).toBe('licensed');
    expect(verdictFor(m, undefined, 'https://gallery.example/', new Date())).toBe('licensed');
    expect(verdictFor(m, undefined, 'http://127.0.0.2/', new Date())).toBe('unlicensed');
  });

  it('holds a license through its expiry day and not after', () => {
    const m = model({ licensees: [{ name: 'Studio', sites: ['studio.example'], expires: '2026-11-22' }] });
    expect(verdictFor(m, undefined, 'https://studio.example/', new Date('2026-11-22T23:59:00Z'))).toBe('licensed');
    expect(verdictFor(m, undefined, 'https://studio.example/', new Date('2026-11-23T00:00:01Z'))).toBe('unlicensed');
  });

  it('lets a current licensee count when another entry for the same site has expired', () => {
    const m = model({
      licensees: [
        { name: 'Old deal', sites: ['studio.example'], expires: '2020-01-01' },
        { name: 'Renewed', sites: ['studio.example'], expires: '2030-01-01' },
      ],
    });
    expect(verdictFor(m, undefined, 'https://studio.example/', new Date('2026-11-22T00:00:00Z'))).toBe('licensed');
  });

  it('counts a homepage given without a scheme, and prefers licensed over free on licensed sites', () => {
    expect(verdictFor(model(), { homepage: 'creator.example' }, 'https://blog.creator.example/', new Date())).toBe('licensed');
    const free = model({ license: terms({ commercialUse: 'allowed', attributionRequired: true }), licensees: [{ name: 'L', sites: ['l.example'] }] });
    expect(verdictFor(free, undefined, 'https://l.example/', new Date())).toBe('licensed');
    expect(verdictFor(free, undefined, 'https://other.example/', new Date())).toBe('free-credit');
  });

  it('gives no license to pages without a host', () => {
    const m = model({ licensees: [{ name: 'L', sites: ['l.example'] }] });
    expect(verdictFor(m, { homepage: 'https://l.example' }, 'file:///home/me/l.example.html', new Date())).toBe('unlicensed');
    expect(verdictFor(m, undefined, 'not a url', new Date())).toBe('unlicensed');
  });
});
