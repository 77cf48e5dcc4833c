/** `license-lens audit <folder>`: the publisher's check before publishing (docs/audit.md); pages and sitemaps: audit/url/. */
import { join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { CliError } from './util.js';
import { loadList } from './commands.js';
import { auditOptions } from './audit/audit-args.js';
import { type AuditReport, exitCode } from './audit/audit-result.js';
import { runAudit } from './audit/run-audit.js';
import { thumbnails } from './audit/thumbnails.js';
import { writeReports } from './audit/write-reports.js';
import pkg from '../../package.json' with { type: 'json' };


export async function audit(argv: string[]): Promise<number> {
  const opts = auditOptions(argv, !!process.stderr.isTTY);
  if (opts.url) return (await import('./audit/url/audit-pages.js')).auditPages(opts);
  const loaded = await Promise.all(opts.lists.map(loadList));
  const { Checker, reduceForHash } = await import('../core/node.js');
  const { mergeLists } = await import('../core/index.js');
  const { registrySource } = await import('../node/registry-source.js');
  // Fetched registry files are kept beside the fingerprints (named by their hash; --no-cache: kept for this run only).
  const remote = await registrySource(opts.registries, opts.cache ? join(opts.cache, 'registry') : undefined).catch((e: unknown) => {
    throw new CliError(e instanceof Error ? e.message : String(e));
  });
  const checker = new Checker(
    mergeLists(loaded.map((l) => l.list)),
    reduceForHash,
    loaded.map(({ list, keyFingerprint }) => ({ id: list.id, name: list.name, version: list.version, keyFingerprint })),
    remote,
  );
  const bar = opts.progress ? new SingleBar({ format: 'auditing [{bar}] {value}/{total} images, {eta}s left', stream: process.stderr, hideCursor: true }) : undefined;
  const startedAt = new Date();
  let result;
  try {
    result = await runAudit(checker, {
      folder: opts.folder,
      site: opts.site,
      cache: opts.cache,
      jobs: opts.jobs,
      onProgress: (done, total) => (done === 0 ? bar?.start(total, 0) : bar?.update(done)),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' || code === 'ENOTDIR' ? `${opts.folder}: no such folder` : e instanceof Error ? e.message : String(e));
  } finally {
    bar?.stop();
  }
  const report: AuditReport = {
    tool: { name: 'license-lens', version: pkg.version },
    folder: opts.folder,
    ...(opts.site ? { site: opts.site } : {}),
    lists: checker.lists,
    ...(checker.registries.length ? { registries: checker.registries } : {}),
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    items: result.items,
  };
  await writeReports(report, opts, () => thumbnails(result.items, (rel) => join(resolve(opts.folder), rel)));
  return exitCode(result.items, opts.failOn);
}
