#!/usr/bin/env node
// The creator CLI (src/cli/). The npm package ships it compiled (dist-cli/cli.mjs, built by `npm pack`'s prepack)
// and without src/. In a clone, where src/ is present, the TypeScript sources run through tsx's loader instead, so
// an edit needs no build step and a stale dist-cli/ is never run.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist-cli/cli.mjs'));
}
process.exitCode = await main(process.argv.slice(2));
