/** Fingerprint matches to WorkMatch records with verdicts: the registry joined for lookups. Pure. */
import { FingerprintIndex, MATCH_THRESHOLD } from './match.js';
import type { Creator, Model, RegistryContent, Work, WorkMatch } from './types.js';
import { verdictFor, VERDICT_ORDER } from './verdict.js';

export class Matcher {
  private readonly works = new Map<string, Work>();
  private readonly models = new Map<string, Model>();
  private readonly creators = new Map<string, Creator>();
  private readonly index = new FingerprintIndex();

  constructor(content: RegistryContent, readonly threshold = MATCH_THRESHOLD) {
    for (const c of content.creators) this.creators.set(c.id, c);
    for (const m of content.models) this.models.set(m.id, m);
    for (const w of content.works) {
      if (!this.models.has(w.modelId)) continue; // a work without its model cannot give a verdict
      this.works.set(w.id, w);
      for (const fp of w.fingerprints) this.index.add(w.id, fp);
    }
  }

  get fingerprintCount(): number {
    return this.index.size;
  }

  /** Every registered work this fingerprint matches, most urgent verdict first, then nearest. */
  match(fingerprintHex: string, pageUrl: string, now = new Date()): WorkMatch[] {
    const out: WorkMatch[] = [];
    for (const hit of this.index.search(fingerprintHex, this.threshold)) {
      const work = this.works.get(hit.workId)!;
      const model = this.models.get(work.modelId)!;
      const creator = this.creators.get(model.creatorId);
      out.push({
        workId: work.id,
        distance: hit.distance,
        verdict: verdictFor(model, creator, pageUrl, now),
        source: work.source,
        model: { id: model.id, name: model.name, version: model.version, license: model.license },
        creator: {
          id: creator?.id ?? model.creatorId,
          name: creator?.name ?? '?',
          homepage: creator?.homepage,
          contact: creator?.contact,
        },
      });
    }
    return out.sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.distance - b.distance);
  }
}
