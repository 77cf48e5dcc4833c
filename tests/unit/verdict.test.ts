import { describe, expect, it } from 'vitest';
import { model, terms } from './helpers/verdict-fixtures.js';
import { hostMatchesSite, licenseIsCurrent, normaliseSite, verdictFor } from '../../src/lib/license/verdict.js';

const NOW = new Date('2026-11-22T12:00:00Z');

describe('verdicts', () => {
  it('is unlicensed when commercial use needs a license or is forbidden and the site holds none', () => {
    expect(verdictFor(model(), undefined, 'https://bigcorp.example/launch', NOW)).toBe('unlicensed');
    expect(verdictFor(model({ license: terms({ commercialUse: 'forbidden' }) }), undefined, 'https://a.example/', NOW)).toBe('unlicensed');
  });

  it('is free to use when commercial use is allowed, with credit when attribution is required', () => {
    expect(verdictFor(model({ license: terms({ commercialUse: 'allowed' }) }), undefined, 'https://a.example/', NOW)).toBe('free');
    expect(
      verdictFor(model({ license: terms({ commercialUse: 'allowed', attributionRequired: true }) }), undefined, 'https://a.example/', NOW),
    ).toBe('free-credit');
  });

  it('is licensed on a licensee site and its subdomains, until the license expires', () => {
    const m = model({ licensees: [{ name: 'Studio', sites: ['studio.example'], expires: '2026-12-31' }] });
    expect(verdictFor(m, undefined, 'https://studio.example/a', NOW)).toBe('licensed');
    expect(verdictFor(m, undefined, 'https://cdn.studio.example/a', NOW)).toBe('licensed');
    expect(verdictFor(m, undefined, 'https://notstudio.example/a', NOW)).toBe('unlicensed');
    expect(verdictFor(m, undefined, 'https://studio.example.evil.test/a', NOW)).toBe('unlicensed');
    expect(verdictFor(m, undefined, 'https://studio.example/a', new Date('2027-01-01T00:00:01Z'))).toBe('unlicensed');
  });

  it("counts the creator's own homepage as licensed", () => {
    expect(verdictFor(model(), { homepage: 'https://creator.example/about' }, 'https://www.creator.example/x', NOW)).toBe('licensed');
  });

  it('normalises site entries', () => {
    expect(normaliseSite('https://Studio.Example:8443/path')).toBe('studio.example');
    expect(normaliseSite('*.studio.example')).toBe('studio.example');
    expect(normaliseSite('  ')).toBeUndefined();
    expect(hostMatchesSite('a.b.example', '.b.example')).toBe(true);
    expect(licenseIsCurrent({ name: 'x', sites: [], expires: 'not a date' }, NOW)).toBe(false);
    expect(licenseIsCurrent({ name: 'x', sites: [] }, NOW)).toBe(true);
  });
});
