import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessText, HOST_ORIGINS, hostAccessWith, requestHostAccessWith, type PermissionsLike } from '../../src/lib/page/host-access.js';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as { host_permissions: string[]; permissions: string[] };

function fakePermissions(granted: Set<string>, answer: 'yes' | 'no' | 'throw' = 'yes'): PermissionsLike & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    contains: async ({ origins }) => origins.every((o) => granted.has(o)),
    request: async ({ origins }) => {
      asked.push(origins);
      if (answer === 'throw') throw new Error('request needs a user gesture');
      if (answer === 'no') return false;
      for (const o of origins) granted.add(o);
      return true;
    },
  };
}

describe('host access', () => {
  it('asks for exactly the manifest host permissions', () => {
    expect(HOST_ORIGINS).toEqual(manifest.host_permissions);
  });

  it('keeps activeTab and scripting, so the right-click check works (and draws its card) without host access', () => {
    expect(manifest.permissions).toContain('activeTab');
    expect(manifest.permissions).toContain('scripting');
  });

  it('is granted only when every origin is', async () => {
    expect(await hostAccessWith(fakePermissions(new Set(HOST_ORIGINS)))).toBe('granted');
    expect(await hostAccessWith(fakePermissions(new Set(['https://*/*'])))).toBe('missing');
    expect(await hostAccessWith(fakePermissions(new Set()))).toBe('missing');
  });

  it('reads a failing API as missing', async () => {
    const broken: PermissionsLike = { contains: () => Promise.reject(new Error('no')), request: () => Promise.resolve(true) };
    expect(await hostAccessWith(broken)).toBe('missing');
  });

  it('requests, and reports a refusal or an error as missing with the reason', async () => {
    const api = fakePermissions(new Set());
    expect(await requestHostAccessWith(api)).toEqual({ state: 'granted' });
    expect(api.asked).toEqual([HOST_ORIGINS]);
    expect(await hostAccessWith(api)).toBe('granted');
    expect(await requestHostAccessWith(fakePermissions(new Set(), 'no'))).toEqual({ state: 'missing' });
    expect(await requestHostAccessWith(fakePermissions(new Set(), 'throw'))).toEqual({ state: 'missing', error: 'request needs a user gesture' });
  });

  it('offers the button only while access is missing', () => {
    expect(accessText('granted')).toEqual({ status: 'accessGranted' });
    expect(accessText('missing')).toEqual({ status: 'accessMissing', button: 'accessGrant' });
  });
});
