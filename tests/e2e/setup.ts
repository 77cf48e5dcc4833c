/**
 * Shared set-up for end-to-end tests: one browser session and the demo servers per browser. A missing browser
 * skips that browser's tests with a message on a developer machine, and fails them in CI (CI=true).
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe } from 'vitest';
import { startDemoServers, type DemoServers } from '../../scripts/demo-server.js';
import { browserAvailable, EXECUTABLES, launch, type Build, type BrowserKind, type Session } from '../../scripts/lib/launch.js';
import { startRecorder, type Recorder } from '../../scripts/lib/recorder.js';

export const BROWSERS: BrowserKind[] = ['chrome', 'firefox'];
const CI = process.env.CI === 'true';

export interface Env {
  session: Session;
  servers: DemoServers;
  /** Present when the suite asked for `record: true`: every request the browser made went through it. */
  recorder?: Recorder;
}

/** Firefox shows an extension's own locale only when the browser has that UI language (Debian's langpack). */
function localeAvailable(kind: BrowserKind, locale: string | undefined): boolean {
  if (kind !== 'firefox' || !locale || locale.startsWith('en')) return true;
  return existsSync(`/usr/lib/firefox-esr/browser/extensions/langpack-${locale}@firefox-esr.mozilla.org.xpi`);
}

export interface SuiteOptions {
  locale?: string;
  /** Which build to load: the shipped one, or the test-hooks build (npm run build:test-hooks). */
  build?: Build;
  /** Launch through a recording proxy (scripts/lib/recorder.ts). */
  record?: boolean;
  /** Firefox grants permissions.request without its prompt (LaunchOptions.autoGrantPermissions). */
  autoGrantPermissions?: boolean;
  /** Only these browsers, for a feature one browser alone has (the offscreen document is Chrome's): no skipped test. */
  browsers?: BrowserKind[];
  /** Host names resolved to 127.0.0.1 (LaunchOptions.loopbackNames): a local server standing for a public site. */
  loopbackNames?: string[];
  /** Firefox preferences for the session (LaunchOptions.firefoxPrefs). */
  firefoxPrefs?: Record<string, unknown>;
}

export function describeInBrowsers(name: string, body: (kind: BrowserKind, env: () => Env) => void, opts: SuiteOptions = {}): void {
  for (const kind of opts.browsers ?? BROWSERS) {
    const available = browserAvailable(kind) && localeAvailable(kind, opts.locale);
    if (!available && !CI) {
      const what = browserAvailable(kind) ? `the ${opts.locale} language pack (apt-get install firefox-esr-l10n-${opts.locale!.toLowerCase()})` : EXECUTABLES[kind];
      console.warn(`[e2e] ${what} is missing: skipping "${name}" in ${kind} (in CI this fails)`);
    }
    describe.skipIf(!available && !CI)(`${name} [${kind}]`, () => {
      let env: Env | undefined;
      beforeAll(async () => {
        const servers = await startDemoServers();
        const recorder = opts.record ? await startRecorder() : undefined;
        try {
          env = { session: await launch(kind, { locale: opts.locale, build: opts.build, proxy: recorder, autoGrantPermissions: opts.autoGrantPermissions, loopbackNames: opts.loopbackNames, firefoxPrefs: opts.firefoxPrefs }), servers, recorder };
        } catch (e) {
          await servers.close();
          await recorder?.close();
          throw e;
        }
      });
      afterAll(async () => {
        await env?.session.close();
        await env?.servers.close();
        await env?.recorder?.close();
      });
      body(kind, () => {
        if (!env) throw new Error('browser session did not start');
        return env;
      });
    });
  }
}
