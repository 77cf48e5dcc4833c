#!/usr/bin/env node
// The creator CLI (src/cli/). It is TypeScript run through tsx's loader, so it shares the extension's list,
// signing and fingerprinting code without a separate build; tsx and sharp come with `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
