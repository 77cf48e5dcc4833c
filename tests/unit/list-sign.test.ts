import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromBackup, generateKeyPair, keyFingerprint, toBackup } from '../../src/lib/list/ed25519.js';
import { signedBytes } from '../../src/lib/list/canonical.js';
import { listText, signList, verifyList } from '../../src/lib/list/sign.js';
import type { ListDraft } from '../../src/lib/list/schema.js';

const demoText = readFileSync(new URL('../../public/demo-list.json', import.meta.url), 'utf8');
const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';

function draft(): ListDraft {
  return {
    format: 'license-lens/list',
    formatVersion: 1,
    id: 'test',
    name: 'Test list',
    version: 7,
    updated: '2026-11-23T10:00:00Z',
    publisher: { name: 'Zhang Wei 张伟', homepage: 'https://zw.example' },
    models: [
      {
        id: 'm',
        name: 'Model',
        license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false },
        licensees: [],
      },
    ],
    works: [{ id: 'w1', model: 'm', fingerprints: [FP] }],
  };
}

describe('canonical encoding (RFC 8785)', () => {
  it('sorts keys, drops whitespace and the signature member, writes numbers and strings the JCS way', () => {
    const bytes = signedBytes({ b: [1, 1e21, 0.5, -0], a: { z: 'é\u2028"', y: true }, signature: { value: 'x' } });
    expect(new TextDecoder().decode(bytes)).toBe('{"a":{"y":true,"z":"é\u2028\\""},"b":[1,1e+21,0.5,0]}');
  });

  it('is the same for the same content in any key order and formatting', () => {
    const a = JSON.parse('{"x":1,"y":{"b":2,"a":3}}');
    const b = JSON.parse('{ "y": { "a": 3, "b": 2 },\n "x": 1 }');
    expect(signedBytes(a)).toEqual(signedBytes(b));
  });

  it('refuses what is not a JSON object', () => {
    expect(() => signedBytes([1])).toThrow(/object/);
    expect(() => signedBytes('x')).toThrow(/object/);
  });
});

describe('signed lists', () => {
  it('verifies a list it signed, and the bundled demo list', async () => {
    const key = await generateKeyPair();
    const list = await signList(draft(), key);
    const r = await verifyList(listText(list));
    expect(r).toMatchObject({ ok: true, keyFingerprint: await keyFingerprint(key.publicKey) });
    expect(r.ok && r.list.publisher.publicKey).toBe(key.publicKey);
    expect((await verifyList(demoText)).ok).toBe(true);
  });

  it('rejects the list when any one byte of signed content changes', async () => {
    const text = listText(await signList(draft(), await generateKeyPair()));
    // Change one character inside each of several string values: every change must break the signature.
    for (const [from, to] of [
      ['"Test list"', '"Test lisT"'],
      ['"version": 7', '"version": 8'],
      ['"forbidden"', '"allowed"'],
      [FP, `${FP.slice(0, -1)}1`],
      ['张伟', '张炜'],
      ['"personalUse": true', '"personalUse": false'],
    ] as const) {
      const changed = text.replace(from, to);
      expect(changed).not.toBe(text);
      expect(await verifyList(changed)).toMatchObject({ ok: false, error: expect.stringMatching(/^bad signature/) });
    }
  });

  it('accepts any formatting of the same content (whitespace is not signed)', async () => {
    const list = await signList(draft(), await generateKeyPair());
    expect((await verifyList(JSON.stringify(list))).ok).toBe(true);
  });

  it('rejects a list re-signed by another key but claiming the first key, and a missing signature', async () => {
    const a = await generateKeyPair();
    const b = await generateKeyPair();
    const byB = await signList(draft(), b);
    const forged = { ...byB, publisher: { ...byB.publisher, publicKey: a.publicKey } };
    expect(await verifyList(JSON.stringify(forged))).toMatchObject({ ok: false, error: expect.stringMatching(/bad signature/) });
    const unsigned: Partial<typeof byB> = { ...byB };
    delete unsigned.signature;
    expect(await verifyList(JSON.stringify(unsigned))).toMatchObject({ ok: false, error: expect.stringMatching(/signature/) });
    const short = { ...byB, signature: { alg: 'Ed25519', value: 'abc' } };
    expect(await verifyList(JSON.stringify(short))).toMatchObject({ ok: false, error: expect.stringMatching(/signature\.value: .*64-byte/) });
  });

  it('refuses to sign an invalid list and names the field', async () => {
    const bad = draft();
    bad.works[0]!.model = 'nope';
    await expect(signList(bad, await generateKeyPair())).rejects.toThrow(/must name a model/);
    const bad2 = draft();
    bad2.works[0]!.fingerprints = ['xyz'];
    await expect(signList(bad2, await generateKeyPair())).rejects.toThrow(/works\.0\.fingerprints\.0/);
  });
});

describe('signing keys', () => {
  it('round-trips through a backup file, and the imported key signs lists the old public key verifies', async () => {
    const key = await generateKeyPair();
    const back = await fromBackup(JSON.stringify(toBackup(key)));
    expect(back.publicKey).toBe(key.publicKey);
    const list = await signList(draft(), back);
    expect(list.publisher.publicKey).toBe(key.publicKey);
    expect((await verifyList(listText(list))).ok).toBe(true);
  });

  it('shows a stable fingerprint of 8 groups of 4 hex digits', async () => {
    const key = await generateKeyPair();
    const fp = await keyFingerprint(key.publicKey);
    expect(fp).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/);
    expect(await keyFingerprint(key.publicKey)).toBe(fp);
    expect(await keyFingerprint((await generateKeyPair()).publicKey)).not.toBe(fp);
  });

  it('refuses broken or mismatched key files with a clear message', async () => {
    const a = toBackup(await generateKeyPair());
    const b = toBackup(await generateKeyPair());
    await expect(fromBackup('{')).rejects.toThrow(/not valid JSON/);
    await expect(fromBackup(JSON.stringify({ ...a, format: 'x' }))).rejects.toThrow(/not a License Lens key file: format/);
    await expect(fromBackup(JSON.stringify({ ...a, privateKey: { ...a.privateKey, d: b.privateKey.d } }))).rejects.toThrow(/does not match/);
    await expect(fromBackup(JSON.stringify({ ...a, publicKey: b.publicKey }))).rejects.toThrow(/two different public keys/);
  });

  it('reads the committed demo key (a published test key) and it signed the demo list', async () => {
    const demo = await fromBackup(readFileSync(new URL('../../demo/demo-key.json', import.meta.url), 'utf8'));
    expect(JSON.parse(demoText).publisher.publicKey).toBe(demo.publicKey);
  });
});

describe('conflicting claims', () => {
  it('keeps one claim per source with its publisher, in the matcher order', async () => {
    const { claimsOf, otherClaims } = await import('../../src/lib/license/claims.js');
    const m = (source: string, publisher: string, distance: number) =>
      ({ workId: `${source}/w`, distance, verdict: 'unlicensed', source, model: { id: 'm', name: `Model ${publisher}`, license: {} }, creator: { id: 'c', name: publisher } }) as never;
    const matches = [m('list:a', 'Alice', 2), m('list:a', 'Alice', 5), m('list:b', 'Bob', 3), m('own', 'Me', 9)];
    expect(claimsOf(matches).map((c) => [c.source, c.publisher, c.distance])).toEqual([
      ['list:a', 'Alice', 2],
      ['list:b', 'Bob', 3],
      ['own', 'Me', 9],
    ]);
    expect(otherClaims(matches).map((c) => c.publisher)).toEqual(['Bob', 'Me']);
    expect(otherClaims([matches[0]!])).toEqual([]);
  });
});

describe('publishing own registrations', () => {
  it('turns only own records into a valid draft with list-safe ids, and needs a profile name', async () => {
    const { ownListDraft } = await import('../../src/lib/list/from-registry.js');
    const license = { personalUse: true, commercialUse: 'allowed', attributionRequired: false, derivativesAllowed: true } as const;
    const content = {
      creators: [{ id: 'own/me', source: 'own', name: 'Me', homepage: 'https://me.example' }],
      models: [
        { id: 'own/model 1', source: 'own', creatorId: 'own/me', name: 'M1', license, licensees: [{ name: 'L', sites: ['l.example'] }] },
        { id: 'list:x/m', source: 'list:x', creatorId: 'list:x/c', name: 'Theirs', license, licensees: [] },
      ],
      works: [
        { id: 'own/w/1', source: 'own', modelId: 'own/model 1', fingerprints: [FP], addedAt: '2026-01-01T00:00:00Z' },
        { id: 'list:x/w', source: 'list:x', modelId: 'list:x/m', fingerprints: [FP], addedAt: '2026-01-01T00:00:00Z' },
      ],
    } as never;
    const d = ownListDraft(content, { listId: 'll-abc', now: new Date('2026-11-23T00:00:00Z') });
    expect(d.models.map((m) => m.id)).toEqual(['model-1']);
    expect(d.works).toEqual([{ id: 'w-1', model: 'model-1', title: undefined, fingerprints: [FP], added: '2026-01-01T00:00:00Z' }]);
    expect(d.version).toBe(Date.parse('2026-11-23T00:00:00Z') / 1000);
    // A second export within the same second (or with the clock set back) is still a newer edition.
    const again = ownListDraft(content, { listId: 'll-abc', now: new Date('2026-11-23T00:00:00Z'), lastVersion: d.version });
    expect(again.version).toBe(d.version + 1);
    expect((await verifyList(listText(await signList(d, await generateKeyPair())))).ok).toBe(true);
    expect(() => ownListDraft({ creators: [], models: [], works: [] }, { listId: 'x' })).toThrow(/creator profile/);
  });
});
