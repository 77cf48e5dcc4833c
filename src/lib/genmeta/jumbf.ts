/**
 * JUMBF (ISO/IEC 19566-5) box reading, just enough to walk a C2PA manifest store: superboxes ("jumb") open with
 * a description box ("jumd") that holds a content-type UUID, toggles and an optional label.
 */
import { ascii, indexOfByte, u32be } from './bytes.js';
import { GENMETA_LIMITS } from './limits.js';

export interface Box {
  type: string;
  /** Payload (without the box header). */
  data: Uint8Array;
}

/** The boxes laid end to end in `b`; a box whose length runs past the end stops the list. */
export function boxes(b: Uint8Array): Box[] {
  const out: Box[] = [];
  let o = 0;
  while (o + 8 <= b.length && out.length < GENMETA_LIMITS.maxEntries) {
    let len = u32be(b, o);
    let header = 8;
    if (len === 1) {
      if (o + 16 > b.length) break;
      const hi = u32be(b, o + 8);
      if (hi !== 0) break; // over 4 GB: not in a file we read
      len = u32be(b, o + 12);
      header = 16;
    } else if (len === 0) len = b.length - o;
    if (len < header || o + len > b.length) break;
    out.push({ type: ascii(b, o + 4, o + 8), data: b.subarray(o + header, o + len) });
    o += len;
  }
  return out;
}

/** The label of a superbox given whole (with its header) or as a payload; undefined when it has none. */
export function jumbfLabel(superbox: Uint8Array, withHeader = true): string | undefined {
  const payload = withHeader ? boxes(superbox)[0]?.data : superbox;
  if (!payload) return undefined;
  const desc = boxes(payload)[0];
  if (!desc || desc.type !== 'jumd') return undefined;
  return descLabel(desc.data);
}

function descLabel(d: Uint8Array): string | undefined {
  // 16-byte content type UUID, 1 byte of toggles (0x02: label present), then the NUL-terminated label
  if (d.length < 17 || !(d[16]! & 0x02)) return undefined;
  const end = indexOfByte(d, 0, 17);
  return new TextDecoder().decode(d.subarray(17, end < 0 ? d.length : end));
}

export interface Superbox {
  label?: string;
  /** Child boxes after the description box. */
  children: Box[];
}

export function superbox(payload: Uint8Array): Superbox {
  const [desc, ...children] = boxes(payload);
  return { label: desc?.type === 'jumd' ? descLabel(desc.data) : undefined, children: desc?.type === 'jumd' ? children : [] };
}
