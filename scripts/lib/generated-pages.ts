/**
 * Pages made on request by the demo servers for load and hostile tests: many tiny images (`/gen/tiny.html?n=`),
 * the 500-image benchmark page (`/gen/bench.html`) built from ../shared/corpus, and the infinite-scroll page of the
 * load benchmark (`/gen/scroll.html`).
 */

export function tinyImagesPage(imageOrigin: string, n: number): string {
  // 5,000 elements over 100 distinct URLs: the scan sees every element, the page load stays quick.
  const tiny = Array.from({ length: n }, (_, i) => `<img src="${imageOrigin}/tiny.png?i=${i % 100}" width="8" height="8" alt="">`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tiny images</title></head><body>
<h1>${n} tiny images</h1>
<img id="good" src="${imageOrigin}/images/starry-night.jpg?k=many" width="300" alt="registered">
<img id="clear" src="${imageOrigin}/images/rocket.jpg?k=many" width="300" alt="unrelated">
<button id="alive" onclick="this.textContent = 'clicked'">click me</button>
<div>${tiny}</div></body></html>`;
}

export interface BenchImage {
  /** corpus path, e.g. works/x.jpg */
  path: string;
  crossOrigin: boolean;
  lazy: boolean;
  css: boolean;
  width: number;
}

/** A deterministic mix: half cross-origin, every 5th a CSS background, every 4th lazy, widths from 80 to 400 px. */
export function benchLayout(files: string[], n = 500): BenchImage[] {
  return Array.from({ length: n }, (_, i) => ({
    path: files[i % files.length]!,
    crossOrigin: i % 2 === 1,
    css: i % 5 === 0,
    lazy: i % 4 === 3,
    width: 80 + ((i * 37) % 321),
  }));
}

export function benchPage(pageOrigin: string, imageOrigin: string, layout: BenchImage[]): string {
  const items = layout.map((b, i) => {
    const src = `${b.crossOrigin ? imageOrigin : pageOrigin}/corpus/${b.path}?b=${i}`;
    const h = Math.round(b.width * 0.7);
    if (b.css) return `<div style="display:inline-block;width:${b.width}px;height:${h}px;background:url(${src}) center/cover"></div>`;
    return `<img src="${src}" ${b.lazy ? 'loading="lazy" ' : ''}style="width:${b.width}px;height:${h}px;object-fit:cover" alt="">`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Benchmark page</title></head><body>
<h1>${layout.length} images</h1><div>${items.join('\n')}</div></body></html>`;
}

/** Demo images cycled by the scroll page; three of them (astronaut, chelsea, starry-night) are in the demo list. */
const SCROLL_FILES = ['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg', 'starry-night.jpg', 'astronaut-mirrored.jpg', 'chelsea-cropped.jpg', 'generated-other.png'];

/**
 * An infinite-scroll page for the load benchmark (`/gen/scroll.html?n=10000&first=200&tag=a`): `first` images at
 * load, then 100 more whenever the reader comes within two screens of the bottom, up to `n`. Every image has its own
 * URL (`?s=<tag>-<i>`), so the extension sees `n` distinct images, not eight.
 */
export function scrollPage(imageOrigin: string, params: URLSearchParams): string {
  const n = Math.max(1, Math.min(50_000, Number(params.get('n') ?? 10_000) || 10_000));
  const first = Math.max(1, Math.min(n, Number(params.get('first') ?? 200) || 200));
  const tag = (params.get('tag') ?? 'a').replace(/[^\w-]/g, '');
  const config = JSON.stringify({ n, first, tag, origin: imageOrigin, files: SCROLL_FILES });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Infinite scroll</title>
<style>body{margin:8px}#feed img{width:120px;height:84px;margin:2px;object-fit:cover;vertical-align:top}</style></head><body>
<h1>Infinite scroll, up to ${n} images</h1><div id="feed"></div>
<script>
const c = ${config};
const feed = document.getElementById('feed');
let made = 0;
function more(k) {
  const frag = document.createDocumentFragment();
  for (const end = Math.min(c.n, made + k); made < end; made++) {
    const img = document.createElement('img');
    img.src = c.origin + '/images/' + c.files[made % c.files.length] + '?s=' + c.tag + '-' + made;
    img.alt = '';
    frag.appendChild(img);
  }
  feed.appendChild(frag);
}
more(c.first);
addEventListener('scroll', () => {
  while (made < c.n && innerHeight + scrollY > document.body.scrollHeight - 2 * innerHeight) more(100);
}, { passive: true });
</script></body></html>`;
}
