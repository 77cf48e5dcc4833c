#!/usr/bin/env node
// Before an AI image tool edits an uploaded picture: is it a registered AI-model work, and may this site use it?
// Usage: node check-image.mjs <list.json or URL> <image> [site]
// (In a clone of License Lens, without a build: node --import tsx --conditions=development examples/check-image.mjs ...)
import { readFile } from 'node:fs/promises';
import { loadChecker } from 'license-lens/core';

const [list, image, site] = process.argv.slice(2);
if (!list || !image) {
  console.error('usage: node check-image.mjs <list.json or URL> <image> [site]');
  process.exit(2);
}
const checker = await loadChecker({ lists: [list] }); // every list's signature is verified
const verdict = await checker.check(await readFile(image), { site });

if (verdict.status === 'clear') {
  console.log(`${image}: no registered work matches; go ahead.`);
  process.exit(0);
}
for (const m of verdict.matches) {
  const { model, creator } = m;
  const how = m.reason === 'generation-record' ? 'its generation record names the model' : `${m.hints?.similarity}% similar`;
  console.log(`${image}: ${model.name} by ${creator.name} (${how}): ${m.verdict}`);
  if (m.hints) console.log(`  changed: ${m.hints.changes.map((c) => c.kind).join(', ')}`);
  if (m.verdict === 'unlicensed') console.log(`  license: ${model.license.licenseUrl ?? model.license.contact ?? creator.contact ?? creator.homepage ?? 'ask the creator'}`);
}
const blocked = verdict.matches.some((m) => m.verdict === 'unlicensed');
console.log(blocked ? 'Do not edit or publish it without a license.' : 'Allowed on this site (mind any credit required).');
process.exit(blocked ? 1 : 0);
