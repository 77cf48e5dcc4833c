/**
 * `npm run bench`: runs every `bench:*` script in package.json, one after another (two cores: never in parallel),
 * and fails if any fails. Benchmarks added later (bench:robustness, bench:index from the matching issue) are
 * picked up by name with no change here; each writes its own results to bench/results/.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
const names = Object.keys(pkg.scripts).filter((n) => n.startsWith('bench:')).sort();
const failed: string[] = [];
for (const name of names) {
  console.log(`\n=== npm run ${name}`);
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : `failed (${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (r.status !== 0) failed.push(name);
}
console.log(`\n${names.length - failed.length} benchmarks ran, ${failed.length} failed${failed.length ? `: ${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);
