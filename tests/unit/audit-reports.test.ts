import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { auditOptions } from '../../src/cli/audit/audit-args.js';
import { type AuditItem, type AuditReport, exitCode, summarise } from '../../src/cli/audit/audit-result.js';
import { htmlReport } from '../../src/cli/audit/report-html.js';
import { jsonReport } from '../../src/cli/audit/report-json.js';
import { sarifReport } from '../../src/cli/audit/report-sarif.js';
import { tableReport } from '../../src/cli/audit/report-table.js';
import type { Verdict, WorkMatch } from '../../src/lib/types.js';
import { terms } from './helpers/verdict-fixtures.js';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

const match = (verdict: Verdict, over: Partial<WorkMatch> = {}): WorkMatch => ({
  workId: 'list:t/w1',
  distance: 3,
  verdict,
  source: 'list:t',
  model: { id: 'list:t/m1', name: `Muse ${HOSTILE}`, license: terms({ summary: `Terms ${HOSTILE}`, licenseUrl: 'javascript:alert(3)', contact: 'a@b.example' }) },
  creator: { id: 'list:t/c', name: `Lin ${HOSTILE}`, homepage: 'https://creator.example', contact: 'lin@creator.example' },
  hints: { changes: [{ kind: 'mirrored', axis: 'h' }], similarity: 100, decidedBy: 'detail', size: { width: 256, height: 256 } },
  ...over,
});

const items: AuditItem[] = [
  { file: 'a/clear.png', status: 'clear', fingerprint: '0'.repeat(64), matches: [] },
  { file: 'b/free.jpg', status: 'matched', fingerprint: '1'.repeat(64), matches: [match('free')] },
  { file: 'c/unlicensed.jpg', status: 'matched', fingerprint: '2'.repeat(64), matches: [match('unlicensed')], cached: true },
  { file: 'broken.png', status: 'unreadable', reason: 'Input buffer contains unsupported image format', matches: [] },
];
const report: AuditReport = {
  tool: { name: 'license-lens', version: '0.1.0' },
  folder: 'site/dist',
  site: 'shop.example',
  lists: [{ id: 't', name: `List ${HOSTILE}`, version: 2, keyFingerprint: 'abcd' }],
  startedAt: '2026-12-06T03:00:00.000Z',
  durationMs: 1200,
  items,
};

describe('audit arguments', () => {
  it('reads repeated lists, --fail-on lists and the defaults', () => {
    const o = auditOptions(['dist', '--list', 'a.json', '--list', 'https://x.example/b.json', '--fail-on', 'unknown-terms,unreadable', '--jobs', '2', '--no-cache']);
    expect(o).toMatchObject({ folder: 'dist', lists: ['a.json', 'https://x.example/b.json'], jobs: 2, cache: undefined, json: false });
    expect([...o.failOn]).toEqual(['unknown-terms', 'unreadable']);
    expect([...auditOptions(['dist', '--list', 'a.json']).failOn]).toEqual(['unlicensed']);
    expect(auditOptions(['dist', '--list', 'a.json', '--cache', '/tmp/c']).cache).toBe('/tmp/c');
  });

  it('refuses what it cannot honour, with the reason', () => {
    expect(() => auditOptions(['dist'])).toThrow(/--list list\.json or --registry .* is required/);
    expect(() => auditOptions(['--list', 'a.json'])).toThrow(/name one folder/);
    expect(() => auditOptions(['dist', '--list', 'a.json', '--fail-on', 'everything'])).toThrow(/--fail-on everything: not one of/);
    expect(() => auditOptions(['dist', '--list', 'a.json', '--jobs', '0'])).toThrow(/--jobs 0/);
    expect(() => auditOptions(['dist', '--list', 'a.json', '--cache', 'c', '--no-cache'])).toThrow(/contradict/);
    expect(() => auditOptions(['dist', '--list', 'a.json', '--site', ' '])).toThrow(/not a host/);
    expect(() => auditOptions(['dist', '--list', 'a.json', '--frobnicate'])).toThrow(/Unknown option/);
  });

  it('shows a progress bar only on a terminal and never with --json', () => {
    expect(auditOptions(['d', '--list', 'l'], true).progress).toBe(true);
    expect(auditOptions(['d', '--list', 'l'], false).progress).toBe(false);
    expect(auditOptions(['d', '--list', 'l', '--json'], true).progress).toBe(false);
  });
});

describe('audit exit codes', () => {
  const only = (...names: string[]) => auditOptions(['d', '--list', 'l', '--fail-on', names.join(',')]).failOn;
  it('is 1 for an unlicensed image by default, 0 once only licensed or free ones are left', () => {
    expect(exitCode(items, only('unlicensed'))).toBe(1);
    expect(exitCode(items.filter((i) => !i.file.startsWith('c/')), only('unlicensed'))).toBe(0);
  });
  it('follows --fail-on', () => {
    const rest = items.filter((i) => !i.file.startsWith('c/'));
    expect(exitCode(rest, only('unreadable'))).toBe(1);
    expect(exitCode(rest, only('any-match'))).toBe(1);
    expect(exitCode(rest, only('unknown-terms'))).toBe(0);
    expect(exitCode([{ file: 'u', status: 'matched', matches: [match('unknown')] }], only('unknown-terms'))).toBe(1);
    expect(exitCode([{ file: 'u', status: 'matched', matches: [match('free-credit')] }], only('credit-required'))).toBe(1);
  });
});

describe('audit reports', () => {
  it('JSON: versioned, summary first, images unlicensed first', () => {
    const j = JSON.parse(jsonReport(report));
    expect(j).toMatchObject({ reportVersion: 1, folder: 'site/dist', site: 'shop.example', summary: { images: 4, matched: 2, unreadable: 1, fromCache: 1 } });
    expect(j.summary.byVerdict).toEqual({ unlicensed: 1, unknown: 0, 'free-credit': 0, free: 1, licensed: 0 });
    expect(j.images.map((i: AuditItem) => i.file)).toEqual(['c/unlicensed.jpg', 'b/free.jpg', 'a/clear.png', 'broken.png']);
    expect(summarise(items).images).toBe(4);
  });

  it('HTML renders list text as text: no markup or script from a list reaches the page', () => {
    const html = htmlReport(report, new Map([['c/unlicensed.jpg', 'data:image/jpeg;base64,AAAA']]));
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/<img src=x/);
    expect(html).toContain('Muse &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<a href="https://creator.example"');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('<img src="data:image/jpeg;base64,AAAA" alt="">');
    expect(html).toContain('what changed: mirrored');
    // Unlicensed rows come before free ones, unreadable files are named with their reason.
    expect(html.indexOf('c/unlicensed.jpg')).toBeLessThan(html.indexOf('b/free.jpg'));
    expect(html).toMatch(/broken\.png<\/code>: Input buffer contains unsupported image format/);
  });

  it('HTML shows a hint record of any shape generically (change hints may become records)', () => {
    const rich = { ...report, items: [{ file: 'x.jpg', status: 'matched' as const, matches: [match('unlicensed', { hints: { cropped: { kept: 0.6 }, note: HOSTILE } as never })] }] };
    const html = htmlReport(rich);
    expect(html).toContain('what changed: cropped: kept: 0.6; note: &#60;script&#62;');
  });

  it('SARIF validates against the OASIS SARIF 2.1.0 schema and flags the unlicensed and unreadable images', () => {
    const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
    // The schema is draft-04 ("id"); Ajv 8 reads it once that key is spelled as later drafts spell it.
    const { id, ...rest } = schema;
    delete rest.$schema;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile({ $id: id, ...rest });
    const log = JSON.parse(sarifReport(report));
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const results = log.runs[0].results as Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
    expect(results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([
      ['LL001', 'error', 'c/unlicensed.jpg'],
      ['LL004', 'warning', 'broken.png'],
    ]);
  });

  it('the table names each flagged or unreadable file, and control characters in list text cannot reach the terminal', () => {
    const t = tableReport({ ...report, items: [...items, { file: 'd.jpg', status: 'matched', matches: [match('unlicensed', { model: { ...match('free').model, name: 'Evil\u001b[2J' } })] }] });
    expect(t).toMatch(/c\/unlicensed\.jpg\s+unlicensed\s+Muse/);
    expect(t).toMatch(/broken\.png\s+unreadable\s+Input buffer/);
    expect(t).not.toContain('\u001b');
    expect(t).toMatch(/5 images: 2 unlicensed, .* 1 unreadable \(licenses for shop\.example\); 1 from the cache/);
  });
});
