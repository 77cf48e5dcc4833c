/** One registry build for bench/registry-scale.ts, alone in its process: prints its time and peak memory as JSON. */
import { main } from '../src/cli/main.js';

const [lists, out, key] = process.argv.slice(2);
const t = performance.now();
const code = await main(['registry', 'build', lists!, '--key', key!, '--out', out!, '--offline', '--date', '2026-12-05T00:00:00Z']);
if (code === 2) process.exit(2);
console.log(JSON.stringify({ seconds: +((performance.now() - t) / 1000).toFixed(1), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
