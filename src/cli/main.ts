/**
 * `license-lens` command line: keygen, build, verify, check, evidence verify for creators; audit for publishers; registry build and revoke. Exit codes follow grep: 0 success (for
 * check: a match), 1 "no" (check: no match; build: some images failed, the list was still written), 2 error.
 */
import { CliError } from './util.js';
import { AUDIT_USAGE } from './audit/usage.js';

// Loaded per command: sharp is slow to load and only build and check use it (docs/creator-workflow.md has figures).
const commands = () => import('./commands.js');

export const USAGE = `license-lens <command> [options]

  keygen --out key.json [--force]
      Make an Ed25519 signing key and save it (the same backup format the extension exports and imports).
  build <images-folder> --meta models.json --key key.json --out list.json [--model ID] [--list-version N]
      Fingerprint every image in the folder (a subfolder named after a model id holds that model's works) and
      write a signed list with the publisher and models from models.json.
  verify <list.json>
      Check a list's format and signature; print its publisher, key fingerprint and counts.
  check <image-file-or-URL> --list list.json [--page URL] [--json]
      Fingerprint an image the way the extension does and show the works it matches in the list, with the
      verdict for the page URL (default: the image's own address), what was changed (regions as pixel boxes),
      and whether the file's generation record names one of the list's models.
${AUDIT_USAGE}
  registry build <lists or folders> [--sources sources.txt] --key registry-key.json --out <dir>
          [--name NAME] [--previous old/manifest.json [--rebuild]] [--date ISO] [--offline] [--probe-flips 0|1|2] [--detail-bits 16-24] [--threads N]
      Merge signed lists (files, folders, list URLs one a line in the sources file; revocation statements among
      the files) into a registry any static host serves: a signed manifest and content-addressed files. Broken
      lists are skipped with the reason; publishers' domains are checked (/.well-known/license-lens.json).
      With --previous in the --out folder: a delta edition, one new layer of the works the previous one lacks
      (a full build when a list dropped or changed a work, or with --rebuild). --threads: summary ranges written
      on N worker threads (default: the cores, at most 4; the output is the same bytes with any N).
  registry revoke --key key.json --out revocation.json [--reason TEXT]
      Sign the statement that revokes your key: registries drop your works at their next edition.
  evidence verify <report.json> --list list.json [--png file.png] [--fetch]
      Check a report a subscriber's extension saved against your signed list: intact since saved, the list, key,
      work and fingerprints it names, its PNG (default: the file it names, next to it); --fetch: the image at its
      URL still matches the work.

See docs/registry.md, docs/list-format.md and README.md (For creators).`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'keygen':
        return await (await commands()).keygen(rest);
      case 'build':
        return await (await import('./build.js')).build(rest);
      case 'verify':
        return await (await commands()).verify(rest);
      case 'check':
        return await (await commands()).check(rest);
      case 'audit':
        return await (await import('./audit.js')).audit(rest);
      case 'registry': {
        const [sub, ...more] = rest;
        const registry = await import('./registry.js');
        if (sub === 'build') return await registry.registryBuild(more);
        if (sub === 'revoke') return await registry.registryRevoke(more);
        throw new CliError(`unknown registry command "${sub ?? ''}"\n\n${USAGE}`);
      }
      case 'evidence':
        return await (await import('./evidence.js')).evidence(rest, (await commands()).loadList);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (e) {
    console.error(`license-lens: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}
