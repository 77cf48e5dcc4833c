/**
 * `license-lens` command line for creators: keygen, build, verify, check. Exit codes follow grep: 0 success (for
 * check: a match), 1 "no" (check: no match; build: some images failed, the list was still written), 2 error.
 */
import { CliError } from './util.js';

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

See docs/list-format.md and README.md (For creators).`;

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
        return await (await import('./check.js')).check(rest);
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
