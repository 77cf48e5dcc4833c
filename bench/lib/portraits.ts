/**
 * Portrait-like registered works for bench:robustness: the images that matter most are AI portraits, one figure on
 * a plain, gradient or blurred background, where band-median hashes are unstable on the flat areas. Made from
 * transparent PNGs of corpus/distractors (a figure: enough of the canvas opaque, not near-blank) composited onto
 * plain colours, gradients and a heavily blurred photo. The files used here are removed from the distractor set,
 * so registered and distractor images stay disjoint.
 */
import sharp from 'sharp';

export const PORTRAIT_W = 512;
export const PORTRAIT_H = 640;
const BACKDROPS = ['plain #e9e4dc', 'plain #1d2430', 'vgradient', 'rgradient', 'blurred photo', 'plain #7d9bb5'] as const;

function svgBackdrop(kind: string): Buffer {
  const w = PORTRAIT_W;
  const h = PORTRAIT_H;
  if (kind.startsWith('plain ')) return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="${kind.slice(6)}"/></svg>`);
  const grad =
    kind === 'vgradient'
      ? '<linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fbe9d7"/><stop offset="1" stop-color="#8a6f93"/></linearGradient>'
      : '<radialGradient id="g" cx="0.5" cy="0.4" r="0.7"><stop offset="0" stop-color="#f3f1e8"/><stop offset="1" stop-color="#47607a"/></radialGradient>';
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs>${grad}</defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`);
}

/** Share of opaque pixels, or null when the file has no alpha channel. */
async function opaqueShare(file: string): Promise<number | null> {
  const img = sharp(file);
  const meta = await img.metadata();
  if (!meta.hasAlpha || (meta.width ?? 0) < 160 || (meta.height ?? 0) < 160) return null;
  const { data, info } = await img.ensureAlpha().resize(64, 64, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let i = 3; i < data.length; i += info.channels) if (data[i]! > 128) n++;
  return n / (64 * 64);
}

export interface Portrait {
  id: string;
  /** The figure's file, to leave out of the distractors. */
  figure: string;
  bytes: Buffer;
}

/**
 * `count` portraits from the transparent files in `files` (taken in a fixed stride for spread), each on the next
 * backdrop in turn; `photo` is blurred into the "blurred photo" backdrop.
 */
export async function makePortraits(files: string[], count: number, photo: string): Promise<Portrait[]> {
  const blurred = await sharp(photo).resize(PORTRAIT_W, PORTRAIT_H, { fit: 'cover' }).blur(18).png().toBuffer();
  const out: Portrait[] = [];
  const stride = 37;
  for (let k = 0; out.length < count && k < files.length; k++) {
    const file = files[(k * stride) % files.length]!;
    if (out.some((p) => p.figure === file)) continue;
    const share = await opaqueShare(file);
    if (share === null || share < 0.2 || share > 0.75) continue;
    const kind = BACKDROPS[out.length % BACKDROPS.length]!;
    const figure = await sharp(file).resize(Math.round(PORTRAIT_W * 0.8), Math.round(PORTRAIT_H * 0.8), { fit: 'inside' }).png().toBuffer();
    const fm = await sharp(figure).metadata();
    const bg = kind === 'blurred photo' ? blurred : await sharp(svgBackdrop(kind)).png().toBuffer();
    const bytes = await sharp(bg)
      .composite([{ input: figure, left: Math.round((PORTRAIT_W - fm.width!) / 2), top: PORTRAIT_H - fm.height! }])
      .jpeg({ quality: 92 })
      .toBuffer();
    out.push({ id: `portrait ${out.length} (${kind})`, figure: file, bytes });
  }
  return out;
}
