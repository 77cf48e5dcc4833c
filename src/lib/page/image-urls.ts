/**
 * Image URLs out of the strings pages put them in: `srcset` / `imagesrcset` lists and CSS image values
 * (`url()`, `image-set()`, `-webkit-image-set()`, several comma-separated layers, gradients among them).
 * Pure string functions with no DOM: unit-tested and fuzzed in Node. They never throw on hostile input; a value
 * they cannot read yields fewer URLs, never an exception.
 */

export interface SrcsetCandidate {
  url: string;
  /** The descriptor as written ("2x", "640w"), or "" when none. */
  descriptor: string;
}

const MAX_VALUE = 1 << 20;

/**
 * Parses a srcset attribute the way the HTML standard's "parse a srcset attribute" does: a URL runs to the next
 * whitespace (a trailing comma ends it), then descriptors run to a comma outside parentheses.
 */
export function parseSrcset(value: string): SrcsetCandidate[] {
  const s = value.length > MAX_VALUE ? value.slice(0, MAX_VALUE) : value;
  const out: SrcsetCandidate[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && (isSpace(s[i]!) || s[i] === ',')) i++;
    if (i >= s.length) break;
    let start = i;
    while (i < s.length && !isSpace(s[i]!)) i++;
    let url = s.slice(start, i);
    let descriptor = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      while (i < s.length && isSpace(s[i]!)) i++;
      start = i;
      let depth = 0;
      while (i < s.length && (depth > 0 || s[i] !== ',')) {
        if (s[i] === '(') depth++;
        else if (s[i] === ')') depth = Math.max(0, depth - 1);
        i++;
      }
      descriptor = s.slice(start, i).trim();
    }
    if (url) out.push({ url, descriptor });
  }
  return out;
}

/**
 * Every image URL in a CSS value (computed `background-image`, `content`, `mask-image`, ...): each `url()`
 * whether at top level, in a layer list or inside `image-set()`. Gradients, `none` and keywords give nothing.
 * For `image-set()` only the candidate a screen of `dpr` device pixels per CSS pixel shows: the lowest resolution
 * at or above `dpr`, else the highest there is.
 */
export function cssImageUrls(value: string, dpr = 1): string[] {
  const s = value.length > MAX_VALUE ? value.slice(0, MAX_VALUE) : value;
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"' || c === "'") {
      i = readString(s, i).end; // a bare string outside url() is text (content: "x"), not an image
      continue;
    }
    if ((c === 'u' || c === 'U') && s.slice(i, i + 4).toLowerCase() === 'url(' && !isIdentChar(s[i - 1])) {
      const r = readUrl(s, i + 4);
      if (r.url) out.push(r.url);
      i = r.end;
      continue;
    }
    const set = /^(?:-webkit-)?image-set\(/i.exec(s.slice(i, i + 20));
    if (set && !isIdentChar(s[i - 1])) {
      const r = readImageSet(s, i + set[0].length);
      const pick = r.items.filter((x) => x.res >= dpr).at(-1) ?? r.items[0];
      if (pick) out.push(pick.url);
      i = r.end;
      continue;
    }
    i++;
  }
  return out;
}

/** The candidates of an `image-set()` body, highest resolution first; bare strings count as URLs there. */
function readImageSet(s: string, from: number): { items: Array<{ url: string; res: number }>; end: number } {
  const items: Array<{ url: string; res: number }> = [];
  let i = from;
  let current: string | undefined;
  let descriptor = '';
  const push = () => {
    if (current) items.push({ url: current, res: resolution(descriptor) });
    current = undefined;
    descriptor = '';
  };
  while (i < s.length && s[i] !== ')') {
    const c = s[i]!;
    if (c === '"' || c === "'") {
      const r = readString(s, i);
      current ??= r.value;
      i = r.end;
    } else if (s.slice(i, i + 4).toLowerCase() === 'url(') {
      const r = readUrl(s, i + 4);
      current ??= r.url || undefined;
      i = r.end;
    } else if (c === ',') {
      push();
      i++;
    } else if (c === '(') {
      i = skipParens(s, i); // type("image/avif") and nested functions
    } else {
      descriptor += c;
      i++;
    }
  }
  push();
  items.sort((a, b) => b.res - a.res);
  return { items, end: Math.min(s.length, i + 1) };
}

function resolution(d: string): number {
  const m = /(\d*\.?\d+)\s*(x|dppx|dpi|dpcm)\b/i.exec(d);
  if (!m) return 1;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  return unit === 'dpi' ? n / 96 : unit === 'dpcm' ? (n * 2.54) / 96 : n;
}

/** Reads a url( body starting after "url(": quoted or unquoted, with CSS escapes. */
function readUrl(s: string, from: number): { url: string; end: number } {
  let i = from;
  while (i < s.length && isSpace(s[i]!)) i++;
  if (s[i] === '"' || s[i] === "'") {
    const r = readString(s, i);
    i = r.end;
    while (i < s.length && s[i] !== ')') i++;
    return { url: r.value.trim(), end: Math.min(s.length, i + 1) };
  }
  let url = '';
  while (i < s.length && s[i] !== ')') {
    if (s[i] === '\\' && i + 1 < s.length) {
      const e = readEscape(s, i);
      url += e.value;
      i = e.end;
    } else {
      url += s[i];
      i++;
    }
  }
  return { url: url.trim(), end: Math.min(s.length, i + 1) };
}

function readString(s: string, from: number): { value: string; end: number } {
  const q = s[from];
  let i = from + 1;
  let value = '';
  while (i < s.length && s[i] !== q) {
    if (s[i] === '\\' && i + 1 < s.length) {
      if (s[i + 1] === '\n') {
        i += 2; // an escaped newline continues the string
        continue;
      }
      const e = readEscape(s, i);
      value += e.value;
      i = e.end;
    } else {
      value += s[i];
      i++;
    }
  }
  return { value, end: Math.min(s.length, i + 1) };
}

/** A CSS escape at s[from] === '\\': up to 6 hex digits and one optional space, or the next character itself. */
function readEscape(s: string, from: number): { value: string; end: number } {
  const hex = /^[0-9a-fA-F]{1,6}/.exec(s.slice(from + 1, from + 7));
  if (!hex) return { value: s[from + 1]!, end: from + 2 };
  let end = from + 1 + hex[0].length;
  if (end < s.length && isSpace(s[end]!)) end++;
  const cp = parseInt(hex[0], 16);
  const ok = cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
  return { value: ok ? String.fromCodePoint(cp) : '\ufffd', end };
}

function skipParens(s: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"' || c === "'") {
      i = readString(s, i).end;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
    i++;
  }
  return s.length;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[\w-]/.test(c);
}

/** Only these schemes name an image License Lens can read (http(s) in the background, data:/blob: in the page). */
export function readableImageUrl(url: string): boolean {
  return /^(https?|data|blob):/i.test(url);
}

/** The rule of the issue: an image is too small to matter when both its rendered and its natural size are under 64 px a side. */
export const MIN_SIDE = 64;
export function tooSmall(rendered: { width: number; height: number }, natural?: { width: number; height: number }): boolean {
  const r = Math.max(rendered.width, rendered.height) < MIN_SIDE;
  if (!natural || (natural.width === 0 && natural.height === 0)) return r;
  return r && Math.max(natural.width, natural.height) < MIN_SIDE;
}
