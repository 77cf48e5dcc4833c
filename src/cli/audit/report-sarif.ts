/**
 * The `--sarif` report (SARIF 2.1.0, for code-scanning dashboards): one result per image and matched model whose
 * verdict needs attention, and one per unreadable image; artifact locations relative to the audited folder
 * (`%SRCROOT%`). tests/unit/audit-reports.test.ts validates it against the OASIS schema.
 */
import type { Verdict, WorkMatch } from '../../lib/types.js';
import { type AuditReport, reportOrder } from './audit-result.js';

type Level = 'error' | 'warning' | 'note';

const RULES: Array<{ id: string; verdict?: Verdict; level: Level; text: string }> = [
  { id: 'LL001', verdict: 'unlicensed', level: 'error', text: 'Made with a registered AI model whose license this site does not hold' },
  { id: 'LL002', verdict: 'unknown', level: 'warning', text: 'Made with a registered AI model whose license terms are unknown' },
  { id: 'LL003', verdict: 'free-credit', level: 'note', text: 'Made with a registered AI model: free to use with credit to its creator' },
  { id: 'LL004', level: 'warning', text: 'Image could not be read' },
];

// A URL audit's images are absolute addresses: no base.
const location = (file: string) => [{ physicalLocation: { artifactLocation: /^https?:\/\//i.test(file) ? { uri: file } : { uri: encodeURI(file), uriBaseId: '%SRCROOT%' } } }];

function matchText(m: WorkMatch): string {
  const model = `${m.model.name}${m.model.version ? ` ${m.model.version}` : ''} by ${m.creator.name}`;
  const how = m.reason === 'generation-record' ? 'named by its generation record' : `fingerprint match, ${m.distance} of 256 bits differ`;
  const contact = m.model.license.contact ?? m.creator.contact ?? m.creator.homepage;
  return `${model} (${how}). ${m.model.license.summary ?? ''}${contact ? ` License contact: ${contact}.` : ''}`.replace(/\s+/g, ' ').trim();
}

export function sarifReport(report: AuditReport): string {
  const results: object[] = [];
  for (const it of reportOrder(report.items)) {
    if (it.status === 'unreadable') {
      results.push({ ruleId: 'LL004', ruleIndex: 3, level: 'warning', message: { text: `Could not read ${it.file}: ${it.reason ?? 'unknown error'}` }, locations: location(it.file) });
      continue;
    }
    for (const m of it.matches) {
      const i = RULES.findIndex((r) => r.verdict === m.verdict);
      if (i < 0) continue; // free or licensed: nothing to act on
      const rule = RULES[i]!;
      results.push({
        ruleId: rule.id,
        ruleIndex: i,
        level: rule.level,
        message: { text: `${it.file}: ${rule.text}: ${matchText(m)}` },
        locations: location(it.file),
        partialFingerprints: { imageFingerprint: it.fingerprint ?? '', workId: m.workId },
        properties: { verdict: m.verdict, workId: m.workId, model: m.model.id, creator: m.creator.name, ...(m.hints ? { hints: m.hints } : {}) },
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'License Lens',
            version: report.tool.version,
            rules: RULES.map((r) => ({ id: r.id, name: r.verdict ?? 'unreadable', shortDescription: { text: r.text }, defaultConfiguration: { level: r.level } })),
          },
        },
        invocations: [{ executionSuccessful: true, startTimeUtc: report.startedAt }],
        results,
        properties: { site: report.site ?? null, lists: report.lists },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
