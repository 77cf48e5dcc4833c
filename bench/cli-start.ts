/**
 * `npm run bench:cli`: the creator CLI's start-up, as CPU time (user + system, so that other load on the machine
 * does not count) of one run: the compiled CLI that the npm package ships (dist-cli/, built first) against the
 * TypeScript sources through tsx's loader (what the package ran before, and what a clone still runs), with a bare
 * `node -e 0` as the floor. Runs are interleaved, ROUNDS of each.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const ROUNDS = 10;
const root = new URL('../', import.meta.url).pathname;
const TICK_MS = 10; // /proc clock ticks (USER_HZ = 100 on Linux)

/** CPU time of this process's waited-for children so far (fields cutime and cstime of /proc/self/stat). */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

const compiled = (args: string[]) => ['--input-type=module', '-e', "const { main } = await import('./dist-cli/cli.mjs'); process.exitCode = await main(process.argv.slice(1));", ...args];
const sources = (args: string[]) => ['bin/license-lens.mjs', ...args];
const check = ['check', 'demo/images/astronaut.jpg', '--list', 'public/demo-list.json'];
const cases: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  '--help, sources through tsx': sources(['--help']),
  '--help, compiled': compiled(['--help']),
  'check, sources through tsx': sources(check),
  'check, compiled': compiled(check),
};

execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: root, stdio: 'inherit' });
const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = -1; round < ROUNDS; round++) {
  for (const [name, args] of Object.entries(cases)) {
    const before = childrenCpuMs();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${name}: exit ${r.status}\n${r.stderr}`);
    if (round >= 0) cpu[name]!.push(childrenCpuMs() - before); // round -1 warms the file cache
  }
}
const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
const result = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Math.round(mean(v))]));
const floor = result['node -e 0']!;
for (const [k, ms] of Object.entries(result)) console.log(`${k.padEnd(30)} ${String(ms).padStart(5)} ms CPU (${ms - floor} ms above node -e 0)`);
for (const cmd of ['--help', 'check']) {
  const [tsx, js] = [result[`${cmd}, sources through tsx`]!, result[`${cmd}, compiled`]!];
  console.log(`${cmd}: compiled / tsx = ${(js / tsx).toFixed(2)}; above node -e 0: ${((js - floor) / (tsx - floor)).toFixed(2)}`);
}
writeFileSync(new URL('results/cli-start.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), rounds: ROUNDS, cpuMs: result }, null, 2)}\n`);
