/** The backdrops bench:robustness composites transparent distractors onto (two per file), shared with its replay. */
export const BACKDROPS = ['#000000', '#2f6fb0', '#d8c9a3', 'vgradient', 'dgradient'] as const;
export function backdrop(kind: (typeof BACKDROPS)[number], w: number, h: number): Buffer {
  if (kind.startsWith('#')) return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="${kind}"/></svg>`);
  const [x2, y2] = kind === 'vgradient' ? [0, 1] : [1, 1];
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><linearGradient id="g" x1="0" y1="0" x2="${x2}" y2="${y2}"><stop offset="0" stop-color="#f4f6fb"/><stop offset="1" stop-color="#5b7fa8"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`);
}
