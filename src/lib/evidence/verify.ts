/**
 * Checks an evidence record against the signed list it names (the CLI's `evidence verify`): the record is intact
 * (its digest), the list is the one it names (id and publisher key fingerprint; a newer edition is accepted when
 * the work is unchanged in it), the work and its model are in the list with the fingerprints the record names,
 * and the saved PNG, when given, is the one the record names. The list's own signature is checked by the caller
 * (verifyList) before this runs; the image itself is checked by re-fetching it (cli/evidence.ts, --fetch). This
 * topic imports no other lib topic (it sits above list and match only through the CLI and the background).
 */
import * as v from 'valibot';
import { EvidenceSchema, evidenceDigest, sha256Hex, type Evidence } from './record.js';

/** What of a verified list (lib/list LicenseList) the check reads; kept structural so this topic imports no other. */
export interface EvidenceList {
  id: string;
  version: number;
  models: ReadonlyArray<{ id: string; name: string }>;
  works: ReadonlyArray<{ id: string; model: string; fingerprints: readonly string[]; sha256?: string }>;
}

export interface EvidenceCheck {
  what: string;
  ok: boolean;
  detail: string;
}

export interface EvidenceVerdict {
  ok: boolean;
  evidence?: Evidence;
  checks: EvidenceCheck[];
}

export async function verifyEvidence(json: unknown, list: EvidenceList, keyFingerprint: string, png?: Uint8Array): Promise<EvidenceVerdict> {
  const parsed = v.safeParse(EvidenceSchema, json);
  if (!parsed.success) {
    const i = parsed.issues[0]!;
    return { ok: false, checks: [{ what: 'format', ok: false, detail: `not an evidence report: ${v.getDotPath(i) ?? ''} ${i.message}`.trim() }] };
  }
  const e = parsed.output;
  const checks: EvidenceCheck[] = [];
  const add = (what: string, ok: boolean, detail: string) => checks.push({ what, ok, detail });

  const digest = await evidenceDigest(json as Record<string, unknown>);
  add('intact', digest === e.digest.value, digest === e.digest.value ? 'the report is as it was saved' : 'the report was changed after it was saved (its digest does not match)');
  add('list', e.list.id === list.id, e.list.id === list.id ? `list ${list.id}` : `the report names list ${e.list.id}, this is ${list.id}`);
  const sameKey = e.list.keyFingerprint === keyFingerprint;
  add('publisher key', sameKey, sameKey ? `signed by ${keyFingerprint}` : `the report names key ${e.list.keyFingerprint}, the list is signed by ${keyFingerprint}`);
  add('edition', e.list.edition <= list.version, e.list.edition === list.version ? `edition ${list.version}` : e.list.edition < list.version ? `the report names edition ${e.list.edition}; checked against the newer ${list.version}` : `the report names edition ${e.list.edition}, newer than this list's ${list.version}`);

  const work = list.works.find((w) => w.id === e.work.id);
  if (!work) add('work', false, `work ${e.work.id} is not in the list`);
  else {
    // A file hash the report names must be the list's (a list without one cannot back an "identical" claim).
    const same = work.model === e.work.model && sameSet(work.fingerprints, e.work.fingerprints) && (!e.work.sha256 || e.work.sha256 === work.sha256);
    add('work', same, same ? `work ${work.id} of model ${work.model}, ${work.fingerprints.length} fingerprints as named` : `work ${work.id} in the list has other fingerprints or another model than the report names`);
    const model = list.models.find((m) => m.id === work.model);
    if (model && model.name !== e.work.modelName) add('model', false, `the report names model "${e.work.modelName}", the list "${model.name}"`);
  }
  if (e.identical && !e.work.sha256) add('identical', false, 'the report says the image was the registered file but names no file hash');
  if (png) {
    const hash = await sha256Hex(png);
    const named = e.image.png?.sha256;
    add('png', hash === named, !named ? 'the report names no PNG' : hash === named ? `${e.image.png!.file} is the PNG the report names` : 'the PNG is not the one the report names (changed or another file)');
  }
  return { ok: checks.every((c) => c.ok), evidence: e, checks };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const s = new Set(a);
  return a.length === b.length && b.every((x) => s.has(x));
}
