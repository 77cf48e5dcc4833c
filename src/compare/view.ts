/**
 * The two pictures side by side: the registered work's preview and the page image, drawn into frames of the same
 * size so that they line up (the preview mirrored when the copy is), the redrawn regions outlined on the page
 * image in solid red and the added marks or text in dashed blue (another colour and a dash, so the two differ for
 * colour-blind eyes too). Canvas, not markup: nothing of the page or the list becomes HTML. Each canvas is an
 * image to screen readers with a label that says what it shows, and the boxes are also listed in words (main.ts).
 */
import { fromBase64url } from '../lib/base64url.js';
import type { Box } from '../lib/evidence/index.js';
import type { Alignment } from './evidence-of.js';

export const OUTLINE = '#ff1744';
export const MARK_OUTLINE = '#00b0ff';

/** What is outlined on the page image, in the pixels of `natural`. */
export interface Outlines {
  regions: readonly Box[];
  marks: readonly Box[];
}
/** The longer side of each picture on the page, in CSS pixels. */
const SIDE = 440;
/** The saved PNG's longer side at most: enough to see the region, small enough to attach to an e-mail. */
const PNG_SIDE = 2048;
const DETAIL_SIDE = 32;

export function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((done, fail) => {
    const img = new Image();
    img.onload = () => done(img);
    img.onerror = () => fail(new Error('the image could not be decoded'));
    img.src = src;
  });
}

function fit(w: number, h: number, side: number): { w: number; h: number; scale: number } {
  const scale = Math.min(1, side / Math.max(w, h));
  return { w: Math.max(1, Math.round(w * scale)), h: Math.max(1, Math.round(h * scale)), scale };
}

/** The page image with its regions and marks outlined (`natural`: the size the boxes are in). */
function drawOutlined(canvas: HTMLCanvasElement, img: HTMLImageElement, boxes: Outlines, natural: { width: number; height: number }, side: number): void {
  const { w, h } = fit(img.naturalWidth, img.naturalHeight, side);
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(img, 0, 0, w, h);
  const sx = w / natural.width;
  const sy = h / natural.height;
  const line = Math.max(3, Math.round(Math.max(w, h) / 150));
  ctx.lineWidth = line;
  ctx.strokeStyle = OUTLINE;
  for (const b of boxes.regions) ctx.strokeRect(b.x * sx, b.y * sy, b.width * sx, b.height * sy);
  // Dashes start at each box's top-left corner (the path's start), so that corner is always drawn.
  ctx.strokeStyle = MARK_OUTLINE;
  ctx.setLineDash([line * 3, line * 2]);
  for (const b of boxes.marks) ctx.strokeRect(b.x * sx, b.y * sy, b.width * sx, b.height * sy);
  ctx.setLineDash([]);
}

export function drawPage(canvas: HTMLCanvasElement, img: HTMLImageElement, boxes: Outlines, natural: { width: number; height: number }): void {
  drawOutlined(canvas, img, boxes, natural, SIDE);
}

/** The PNG saved with a report: the page image (at most PNG_SIDE) with the regions and marks outlined. */
export function pagePng(img: HTMLImageElement, boxes: Outlines, natural: { width: number; height: number }): Promise<Blob> {
  const canvas = document.createElement('canvas');
  drawOutlined(canvas, img, boxes, natural, PNG_SIDE);
  return new Promise((done, fail) => canvas.toBlob((b) => (b ? done(b) : fail(new Error('the PNG could not be made'))), 'image/png'));
}

/**
 * The work's preview in the page image's frame, lined up with it (Alignment: the crop cut away from the work, the
 * mirroring and rotation undone the other way round, the work placed where the page image holds it). The user's
 * own thumbnail, else the list's 32x32 luminance thumbnail (all a list carries of a work: no picture of it is
 * ever downloaded), scaled up smoothly.
 */
export async function drawWork(canvas: HTMLCanvasElement, frame: { width: number; height: number }, src: { ownThumb?: string; detail?: string }, align: Alignment, size?: { width: number; height: number }): Promise<boolean> {
  canvas.width = frame.width;
  canvas.height = frame.height;
  const ctx = canvas.getContext('2d')!;
  const source = await previewSource(src);
  if (!source) return false;
  const sw = source.width;
  const sh = source.height;
  const c = align.crop ?? { top: 0, right: 0, bottom: 0, left: 0 };
  const cut = [c.left * sw, c.top * sh, Math.max(1, (1 - c.left - c.right) * sw), Math.max(1, (1 - c.top - c.bottom) * sh)] as const;
  // Where the work sits in the frame: all of it, or its placement (boxes are in `size` pixels).
  const p = align.placement && size ? { x: (align.placement.x * frame.width) / size.width, y: (align.placement.y * frame.height) / size.height, w: (align.placement.width * frame.width) / size.width, h: (align.placement.height * frame.height) / size.height } : { x: 0, y: 0, w: frame.width, h: frame.height };
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.translate(p.x + p.w / 2, p.y + p.h / 2);
  if (align.degrees) ctx.rotate((align.degrees * Math.PI) / 180);
  ctx.scale(align.mirror?.includes('h') ? -1 : 1, align.mirror?.includes('v') ? -1 : 1);
  ctx.drawImage(source, ...cut, -p.w / 2, -p.h / 2, p.w, p.h);
  return true;
}

async function previewSource(src: { ownThumb?: string; detail?: string }): Promise<HTMLImageElement | HTMLCanvasElement | undefined> {
  if (src.ownThumb) return loadImage(src.ownThumb);
  if (!src.detail) return undefined;
  const luma = fromBase64url(src.detail);
  const small = document.createElement('canvas');
  small.width = small.height = DETAIL_SIDE;
  const data = new ImageData(DETAIL_SIDE, DETAIL_SIDE);
  for (let i = 0; i < DETAIL_SIDE * DETAIL_SIDE; i++) data.data.set([luma[i]!, luma[i]!, luma[i]!, 255], i * 4);
  small.getContext('2d')!.putImageData(data, 0, 0);
  return small;
}
