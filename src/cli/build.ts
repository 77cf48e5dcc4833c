/**
 * `license-lens build`: a folder of images plus a models file into a signed list. Each image is fingerprinted by
 * the extension's own code (workFingerprints on sharp's reduction, src/node/decode.ts); an unreadable image is
 * named and skipped, and the rest go on.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import * as v from 'valibot';
import { describeIssues, keyFingerprint, LIST_FORMAT, LIST_FORMAT_VERSION, listFit, type ListDraft, listText, MAX_LIST_BYTES, megabytes, ModelSchema, ReportChannelSchema, signList } from '../lib/list/index.js';
import { CROPS, DETAIL_BYTES, workFingerprints } from '../lib/match/index.js';
import { decodeForHash, imageSizeOf } from '../node/decode.js';
import { args, CliError, readKey, readText } from './util.js';

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.avif', '.tif', '.tiff']);

/** The models file: who publishes, which models, and optionally the list's id and name. */
const MetaSchema = v.object({
  list: v.optional(v.object({ id: v.optional(v.string()), name: v.optional(v.string()) })),
  publisher: v.object({ name: v.string(), homepage: v.optional(v.string()), contact: v.optional(v.string()), report: v.optional(ReportChannelSchema) }),
  models: v.pipe(v.array(ModelSchema), v.minLength(1, 'name at least one model')),
});

interface ImageFile {
  path: string;
  model: string;
}

async function findImages(dir: string, modelIds: Set<string>, defaultModel: string): Promise<ImageFile[]> {
  const out: ImageFile[] = [];
  const walk = async (d: string, model: string) => {
    for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p, modelIds.has(e.name) ? e.name : model);
      else if (IMAGE_EXT.has(extname(e.name).toLowerCase())) out.push({ path: p, model });
    }
  };
  try {
    await walk(dir, defaultModel);
  } catch (e) {
    throw new CliError(`cannot read the images folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return out;
}

function workId(rel: string, used: Set<string>): string {
  const base = rel.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._~-]/g, '-').slice(0, 90) || 'work';
  let id = base;
  for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
  used.add(id);
  return id;
}

/**
 * Refuses, before hours of fingerprinting, a folder whose list would be over the size limit even if every image
 * gets the fewest fingerprints workFingerprints makes (the whole image and its crops) and its detail thumbnail.
 */
function refuseOversize(head: Omit<ListDraft, 'works'>, publicKey: string, images: ImageFile[], dir: string): void {
  const used = new Set<string>();
  const stand = { fingerprints: Array<string>(1 + CROPS.length).fill('0'.repeat(64)), detail: 'A'.repeat(Math.ceil((DETAIL_BYTES * 4) / 3)) };
  const works = images.map((img) => ({ id: workId(relative(dir, img.path), used), model: img.model, title: basename(img.path, extname(img.path)), ...stand }));
  const { bytes, worksThatFit } = listFit({ ...head, publisher: { ...head.publisher, publicKey }, works });
  if (bytes <= MAX_LIST_BYTES) return;
  throw new CliError(
    `${images.length.toLocaleString('en-US')} images make a list of at least ${megabytes(bytes)} MB, over the ${megabytes(MAX_LIST_BYTES)} MB subscribers accept: ` +
      `at most ${worksThatFit.toLocaleString('en-US')} of them fit in one list. Split the folder and build one list per part, each with its own ` +
      `list id in models.json. Nothing was fingerprinted or written.`,
  );
}

export async function build(argv: string[]): Promise<number> {
  const { values, positionals } = args(argv, {
    meta: { type: 'string' },
    key: { type: 'string' },
    out: { type: 'string' },
    model: { type: 'string' },
    'list-version': { type: 'string' },
  });
  if (positionals.length !== 1 || !values.meta || !values.out) {
    throw new CliError('usage: license-lens build <images-folder> --meta models.json --key key.json --out list.json');
  }
  const key = await readKey(values.key);
  let metaJson: unknown;
  try {
    metaJson = JSON.parse(await readText(values.meta, 'models file'));
  } catch (e) {
    throw e instanceof CliError ? e : new CliError(`${values.meta} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = v.safeParse(MetaSchema, metaJson);
  if (!parsed.success) throw new CliError(`${values.meta}: ${describeIssues(parsed.issues)}`);
  const meta = parsed.output;
  const modelIds = new Set(meta.models.map((m) => m.id));
  const defaultModel = values.model ?? meta.models[0]!.id;
  if (!modelIds.has(defaultModel)) throw new CliError(`--model ${defaultModel} is not a model in ${values.meta}`);

  const dir = positionals[0]!;
  const images = await findImages(dir, modelIds, defaultModel);
  if (!images.length) throw new CliError(`no images (${[...IMAGE_EXT].join(' ')}) in ${dir}`);

  const now = new Date();
  const version = values['list-version'] === undefined ? Math.floor(now.getTime() / 1000) : Number(values['list-version']);
  if (!Number.isSafeInteger(version) || version < 0) throw new CliError('--list-version must be a whole number');
  const fp = await keyFingerprint(key.publicKey);
  const head: Omit<ListDraft, 'works'> = {
    format: LIST_FORMAT,
    formatVersion: LIST_FORMAT_VERSION,
    id: meta.list?.id ?? `ll-${fp.replaceAll(' ', '').slice(0, 16)}`,
    name: meta.list?.name ?? `${meta.publisher.name}: registered works`,
    version,
    updated: now.toISOString(),
    publisher: meta.publisher,
    models: meta.models,
  };
  refuseOversize(head, key.publicKey, images, dir);

  const bar = new SingleBar({ format: 'fingerprinting [{bar}] {value}/{total} {file}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  bar.start(images.length, 0, { file: '' });
  const works: ListDraft['works'] = [];
  const failed: Array<{ file: string; error: string }> = [];
  const used = new Set<string>();
  for (const img of images) {
    const rel = relative(dir, img.path);
    try {
      const bytes = await readFile(img.path);
      const { fingerprints, detail, chroma } = workFingerprints(await decodeForHash(bytes));
      const size = await imageSizeOf(bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      works.push({ id: workId(rel, used), model: img.model, title: basename(img.path, extname(img.path)), fingerprints, detail, chroma, ...(size.width && size.height ? { size } : {}), sha256 });
    } catch (e) {
      failed.push({ file: rel, error: e instanceof Error ? e.message : String(e) });
    }
    bar.increment(1, { file: rel });
  }
  bar.stop();
  for (const f of failed) console.error(`skipped ${f.file}: ${f.error}`);
  if (!works.length) throw new CliError('no image could be read; no list written');

  const draft: ListDraft = { ...head, works };
  let text: string;
  try {
    text = listText(await signList(draft, key));
  } catch (e) {
    throw new CliError(`${e instanceof Error ? e.message : String(e)}; no list written`);
  }
  await writeFile(values.out, text);
  console.log(`wrote ${values.out}: ${meta.models.length} models, ${works.length} works, version ${version}, signed by ${fp}`);
  if (failed.length) console.log(`${failed.length} of ${images.length} images could not be read (listed above)`);
  return failed.length ? 1 : 0;
}
