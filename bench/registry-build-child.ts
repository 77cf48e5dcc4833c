/** One registry build for bench/registry-scale.ts, alone in its process: prints its time, CPU time and peak memory as JSON. Arguments: out key [--previous manifest] [--threads N] inputs... (threads: the CLI default, min(4, cores), when not given) */
import { main } from '../src/cli/main.js';

const [out, key, ...rest] = process.argv.slice(2);
const t = performance.now();
const code = await main(['registry', 'build', ...rest, '--key', key!, '--out', out!, '--offline', '--date', '2026-12-05T00:00:00Z']);
if (code === 2) process.exit(2);
const cpu = process.cpuUsage();
// CPU seconds beside wall time: on the shared machine (load 20+ on 2 cores) the wall time is mostly waiting.
console.log(JSON.stringify({ seconds: +((performance.now() - t) / 1000).toFixed(1), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
