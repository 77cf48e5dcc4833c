import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};
const ours = lock.packages['']!.engines as { node: string };

describe('declared Node engines', () => {
  // npm prints EBADENGINE for any package in the tree whose engines.node the running Node misses, so every package
  // `npm ci` installs must accept the oldest Node the project supports.
  it('every locked package accepts the oldest Node this project supports', () => {
    const oldest = semver.minVersion(ours.node)!.version;
    expect(oldest).toBe('20.19.0');
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => path && !Array.isArray(p.engines) && p.engines?.node && !semver.satisfies(oldest, p.engines.node))
      .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
