/** The image files under a folder, recursively, by extension, in a stable order (so reports and resumes agree). */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'jfif', 'png', 'apng', 'webp', 'gif', 'avif', 'tif', 'tiff'];
const pattern = new RegExp(`\\.(${IMAGE_EXTENSIONS.join('|')})$`, 'i');

export interface FoundImage {
  path: string;
  /** Relative to the folder, forward slashes (reports, SARIF artifact URIs). */
  rel: string;
}

export async function findImages(folder: string): Promise<FoundImage[]> {
  // recursive readdir follows no symlinks, so a link loop cannot trap the walk.
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const out: FoundImage[] = [];
  for (const e of entries) {
    if (!e.isFile() || !pattern.test(e.name)) continue;
    const path = join(e.parentPath, e.name);
    out.push({ path, rel: relative(folder, path).split(sep).join('/') });
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}
