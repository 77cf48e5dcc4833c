// Renders public/icons/*.png from one SVG (run once; the PNGs are committed).
import sharp from 'sharp';
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
<rect x="4" y="4" width="120" height="120" rx="24" fill="#1d5fbf"/>
<circle cx="56" cy="56" r="30" fill="none" stroke="#fff" stroke-width="12"/>
<line x1="78" y1="78" x2="108" y2="108" stroke="#fff" stroke-width="14" stroke-linecap="round"/>
<path d="M44 56 l9 9 l17 -19" fill="none" stroke="#ffd54f" stroke-width="8" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
for (const size of [16, 32, 48, 128]) {
  await sharp(Buffer.from(svg)).resize(size, size).png().toFile(`public/icons/icon-${size}.png`);
}
