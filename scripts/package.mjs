// Zips dist/chrome and dist/firefox into store-ready archives (web-ext build zips a directory as the stores expect).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('manifest.json', 'utf8'));
const dist = process.env.LL_DIST ?? 'dist';
for (const kind of ['chrome', 'firefox']) {
  execFileSync(
    'npx',
    ['web-ext', 'build', '--source-dir', `${dist}/${kind}`, '--artifacts-dir', dist, '--filename', `license-lens-${kind}-${version}.zip`, '--overwrite-dest'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  console.log(`${dist}/license-lens-${kind}-${version}.zip`);
}
