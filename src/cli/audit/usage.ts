/** What `license-lens audit` accepts, kept apart so the CLI's help loads nothing heavy (main.ts). */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What makes the exit code 1: `--fail-on` values, comma-separated or repeated. */
export const FAIL_ON = ['unlicensed', 'unknown-terms', 'credit-required', 'any-match', 'unreadable'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export const AUDIT_USAGE = `  audit <folder> --list list.json [--list ...] [--registry DIR|URL ...] [options]
      Check every image in the folder (recursively: JPEG, PNG, WebP, GIF, AVIF, TIFF) against the lists and
      registries, by fingerprint and by generation record. Exit code 0: nothing unlicensed; 1: something is (see
      --fail-on); 2: error.
      --list FILE|URL       a signed list (repeatable)
      --registry DIR|URL    a registry (its folder, or the address of its manifest.json; repeatable): its signature
                            and every file's hash are checked; fetched files are kept in the cache folder
      --site HOST           the site that will show the images: its licenses count, as on its pages in the extension
      --json                print the results as JSON on stdout instead of the table
      --html FILE           write a self-contained HTML report (thumbnails, verdicts, license terms, contacts)
      --sarif FILE          write a SARIF 2.1.0 log for code-scanning dashboards
      --fail-on LIST        what exits 1, comma-separated: ${FAIL_ON.join(', ')} (default: unlicensed)
      --cache DIR           fingerprint cache, reused across runs and resuming an interrupted audit
                            (default: ${defaultCacheDir()}); --no-cache to use none
      --jobs N              decoding threads, the main thread one of them (default: one per core)
  audit <URL ...|sitemap.xml> --list list.json [--registry URL] [options]
      Open each page in headless Chromium with the built extension (a clone: npm run build) and report what it
      flags, licenses judged for each page's own host; --json, --html, --sarif, --fail-on as above.
      --depth N             follow same-origin links N levels deep (default 0); robots.txt is respected
      --max-pages N         audit at most N pages (default 50)
      --concurrency N       pages open at once (default 2)
      --page-timeout S      seconds a page may take to load and be judged; a page still being checked then is
                            reported incomplete with what was checked so far (default 90)`;

export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'license-lens', 'audit');
}

