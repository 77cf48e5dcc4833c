import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildEvidence, evidenceRows, evidenceText, verifyEvidence, type EvidenceBody } from '../../src/lib/evidence/index.js';
import { hintsOf } from '../../src/compare/evidence-of.js';
import type { WorkMatch } from '../../src/lib/types.js';
import { generateKeyPair, keyFingerprint, listToRegistry, reportChannelKind, reportUrl, signList, verifyList, type ListDraft } from '../../src/lib/list/index.js';

const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const demoText = readFileSync(new URL('../../public/demo-list.json', import.meta.url), 'utf8');

function draft(report?: { publisher?: string; model?: string }): ListDraft {
  return {
    format: 'license-lens/list',
    formatVersion: 1,
    id: 'portraits',
    name: 'Portraits',
    version: 3,
    updated: '2026-11-23T10:00:00Z',
    publisher: { name: 'Lin Yue', ...(report?.publisher ? { report: report.publisher } : {}) },
    models: [
      {
        id: 'm',
        name: 'Portrait XL',
        license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false },
        licensees: [],
        ...(report?.model ? { report: report.model } : {}),
      },
    ],
    works: [{ id: 'w1', model: 'm', title: 'Lantern', fingerprints: [FP] }],
  };
}

async function signed(report?: { publisher?: string; model?: string }) {
  const key = await generateKeyPair();
  const list = await signList(draft(report), key);
  return { list, fp: await keyFingerprint(key.publicKey) };
}

function body(fp: string): EvidenceBody {
  return {
    format: 'license-lens/evidence',
    formatVersion: 1,
    created: '2026-12-06T02:00:00.000Z',
    extensionVersion: '0.1.0',
    pageUrl: 'https://shop.example/item/7',
    image: { url: 'https://cdn.example/a.jpg', fingerprint: FP, width: 800, height: 600, png: { file: 'r.png', sha256: 'ab'.repeat(32) } },
    verdict: 'unlicensed',
    similarity: 97,
    distance: 8,
    changes: ['redrawn'],
    decidedBy: 'detail',
    regions: [{ x: 100, y: 50, width: 200, height: 150 }],
    work: { id: 'w1', model: 'm', modelName: 'Portrait XL', title: 'Lantern', fingerprints: [FP] },
    list: { id: 'portraits', name: 'Portraits', edition: 3, publisher: 'Lin Yue', keyFingerprint: fp },
  };
}

describe('report channel in the list format', () => {
  it('accepts mailto: and https forms with placeholders, refuses anything else', () => {
    expect(reportChannelKind('mailto:lin@example.com')).toBe('mailto');
    expect(reportChannelKind('https://forms.example/r?page={pageUrl}&img={imageUrl}')).toBe('form');
    for (const bad of ['mailto:lin@example.com?cc=x@y.z', 'http://forms.example/', 'javascript:alert(1)', 'https://x.example/{other}', 'mailto:']) {
      expect(reportChannelKind(bad), bad).toBeUndefined();
    }
  });

  it('is signed and verified with the list, per publisher or per model, and old lists without it still verify', async () => {
    const { list } = await signed({ publisher: 'mailto:lin@example.com', model: 'https://forms.example/r?p={pageUrl}' });
    const r = await verifyList(JSON.stringify(list));
    expect(r.ok && r.list.publisher.report).toBe('mailto:lin@example.com');
    const reg = listToRegistry(r.ok ? r.list : list, 'list:portraits');
    expect(reg.creators[0]!.report).toBe('mailto:lin@example.com');
    expect(reg.models[0]!.report).toBe('https://forms.example/r?p={pageUrl}');
    expect((await verifyList(demoText)).ok).toBe(true);
    await expect(signList(draft({ publisher: 'javascript:alert(1)' }), await generateKeyPair())).rejects.toThrow(/report/);
  });

  it('fills a form URL and writes a mailto: with subject and body, all encoded', () => {
    const fields = { pageUrl: 'https://s.example/?a=1&b=2', imageUrl: 'https://c.example/x.jpg', work: 'w1', summary: 'x y' };
    expect(reportUrl('https://f.example/r?p={pageUrl}&s={summary}', 's', 'b', fields)).toBe(`https://f.example/r?p=${encodeURIComponent(fields.pageUrl)}&s=x%20y`);
    expect(reportUrl('mailto:lin@example.com', 'Sub ject', 'line 1\nline&2', fields)).toBe('mailto:lin@example.com?subject=Sub%20ject&body=line%201%0Aline%262');
  });
});

describe('evidence report', () => {
  it('verifies against the list it names, work, fingerprints, key and PNG', async () => {
    const { list, fp } = await signed();
    const png = new Uint8Array([1, 2, 3]);
    const b = body(fp);
    b.image.png!.sha256 = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', png)), (x) => x.toString(16).padStart(2, '0')).join('');
    const report = JSON.parse(JSON.stringify(await buildEvidence(b)));
    const r = await verifyEvidence(report, list, fp, png);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.ok).toBe(true);
    expect((await verifyEvidence(report, list, fp, new Uint8Array([9]))).ok).toBe(false);
  });

  it('fails when the report was edited after saving', async () => {
    const { list, fp } = await signed();
    const report = JSON.parse(JSON.stringify(await buildEvidence(body(fp))));
    report.pageUrl = 'https://elsewhere.example/';
    const r = await verifyEvidence(report, list, fp);
    expect(r.ok).toBe(false);
    expect(r.checks.find((c) => c.what === 'intact')).toMatchObject({ ok: false });
  });

  it('fails against another key, another list or a work the list does not hold', async () => {
    const { list, fp } = await signed();
    const other = await signed();
    const report = await buildEvidence(body(fp));
    expect((await verifyEvidence(report, other.list, other.fp)).checks.find((c) => c.what === 'publisher key')).toMatchObject({ ok: false });
    const wrongWork = await buildEvidence({ ...body(fp), work: { ...body(fp).work, id: 'w2' } });
    expect((await verifyEvidence(wrongWork, list, fp)).ok).toBe(false);
    const otherFp = await buildEvidence({ ...body(fp), work: { ...body(fp).work, fingerprints: ['0'.repeat(64)] } });
    expect((await verifyEvidence(otherFp, list, fp)).ok).toBe(false);
    expect((await verifyEvidence({ hello: 1 }, list, fp)).ok).toBe(false);
  });

  it('carries the mark boxes: verifies with them, fails when a mark box was edited after saving', async () => {
    const { list, fp } = await signed();
    const marks = [{ x: 0, y: 0, width: 160, height: 96 }];
    const report = JSON.parse(JSON.stringify(await buildEvidence({ ...body(fp), changes: ['marked'], regions: [], marks })));
    expect(report.marks).toEqual(marks);
    const r = await verifyEvidence(report, list, fp);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.evidence?.marks).toEqual(marks);
    report.marks[0].width = 40;
    const edited = await verifyEvidence(report, list, fp);
    expect(edited.ok).toBe(false);
    expect(edited.checks.find((c) => c.what === 'intact')).toMatchObject({ ok: false });
    // A box that is not one is refused as a format error, not taken.
    expect((await verifyEvidence({ ...report, marks: [{ x: -1, y: 0, width: 1, height: 1 }] }, list, fp)).checks[0]).toMatchObject({ what: 'format', ok: false });
  });

  it('still verifies a report saved before marks were carried (no marks member, its digest as then)', async () => {
    // Built and sealed by the code before this change (git e7e8cd9); digests are over the record as saved.
    const FP0 = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
    const old = {
      format: 'license-lens/evidence', formatVersion: 1, created: '2026-12-06T02:00:00.000Z', extensionVersion: '0.1.0',
      pageUrl: 'https://shop.example/item/7',
      image: { url: 'https://cdn.example/a.jpg', fingerprint: FP0, width: 800, height: 600 },
      verdict: 'unlicensed', similarity: 97, distance: 8, changes: ['redrawn'], decidedBy: 'detail',
      regions: [{ x: 100, y: 50, width: 200, height: 150 }],
      work: { id: 'w1', model: 'm', modelName: 'Portrait XL', title: 'Lantern', fingerprints: [FP0] },
      list: { id: 'portraits', name: 'Portraits', edition: 3, publisher: 'Lin Yue', keyFingerprint: 'KEY' },
      digest: { alg: 'SHA-256', value: 'f1577cec75ecee1e88f1a1196e13cea5ec2a657d17a378cb5e01a9aa04c45395' },
    };
    const { list } = await signed();
    const r = await verifyEvidence(old, list, 'KEY');
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    // And the same record built now, without marks, is sealed with that very digest.
    const { digest, ...rest } = old;
    expect((await buildEvidence(rest as EvidenceBody)).digest.value).toBe(digest.value);
  });

  it('refuses to build a record that would not verify', async () => {
    await expect(buildEvidence({ ...body('x'), similarity: 140 })).rejects.toThrow(/similarity/);
  });

  it('says the same facts in the rows the page shows and in the text the creator receives', () => {
    const t = (k: string, s?: string | string[]) => (s === undefined ? k : `${k}(${[s].flat().join(',')})`);
    const rows = evidenceRows(body('ab:cd'), t);
    expect(rows.map((r) => r[0])).toContain('evidenceRegions');
    const { body: text } = evidenceText(body('ab:cd'), t);
    for (const [k, v] of rows) expect(text).toContain(`${k}: ${v}`);
    expect(text).toContain('200×150 @ 100,50');
    const marked = evidenceRows({ ...body('ab:cd'), marks: [{ x: 0, y: 0, width: 160, height: 96 }] }, t);
    expect(marked.find((r) => r[0] === 'evidenceMarks')?.[1]).toBe('160×96 @ 0,0');
    expect(evidenceText({ ...body('ab:cd'), marks: [{ x: 0, y: 0, width: 160, height: 96 }] }, t).body).toContain('evidenceMarks: 160×96 @ 0,0');
  });

  it('says "identical to the registered file" for a report of the file itself, and refuses that claim without a file hash', async () => {
    const t = (k: string) => k;
    const { list, fp } = await signed();
    const same = { ...body(fp), changes: ['same'], regions: [], identical: true as const };
    expect(evidenceRows(same, t).find((r) => r[0] === 'evidenceChanges')?.[1]).toBe('changeIdentical');
    const r = await verifyEvidence(await buildEvidence(same), list, fp);
    expect(r.checks).toContainEqual({ what: 'identical', ok: false, detail: expect.stringMatching(/names no file hash/) });
  });

  it("the Compare page's hints keep redrawn regions and mark boxes apart (src/compare/evidence-of.ts)", () => {
    const regions = [{ x: 256, y: 256, width: 256, height: 256 }];
    const marks = [{ x: 0, y: 0, width: 160, height: 96 }];
    const m = { hints: { changes: [{ kind: 'redrawn', regions }, { kind: 'marked', regions: marks }], size: { width: 512, height: 512 } } } as unknown as WorkMatch;
    expect(hintsOf(m)).toMatchObject({ kinds: ['redrawn', 'marked'], regions, marks });
  });
});
