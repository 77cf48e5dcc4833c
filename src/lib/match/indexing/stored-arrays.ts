/**
 * A record of typed arrays and string lists in the form that loads fastest from IndexedDB: every typed array in
 * ONE ArrayBuffer behind a small directory (a structured clone copies it in one go, and loading only creates views
 * on it), string lists as they are. Every typed-array or string-list field is kept, and plain objects holding them
 * one level deep (as `name.field`), so a new per-work array in PackedRegistry is stored with no change here.
 * Validation stays cheap (the load must not rescan megabytes): kinds, bounds, and a checksum over a sample of the
 * buffer's words, which catches a truncated or swapped buffer; what the arrays must hold is the reader's check.
 */
const KINDS = { Uint8Array, Uint16Array, Uint32Array, Int8Array, Int16Array, Int32Array, Float32Array, Float64Array };
type Kind = keyof typeof KINDS;
export type TypedArray = InstanceType<(typeof KINDS)[Kind]>;
type Field = TypedArray | string[];
export type Fields = Record<string, Field | Record<string, Field>>;

export interface PackedArrays {
  buffer: ArrayBuffer;
  /** name -> [kind, byte offset, element count] */
  arrays: Record<string, [Kind, number, number]>;
  strings: Record<string, string[]>;
  /** checksum() of the buffer. */
  sample: number;
}

/** Samples about this many words of the buffer, evenly spread, plus its length and last word. */
const SAMPLE_WORDS = 1 << 16;

export function checksum(buffer: ArrayBuffer): number {
  const words = new Uint32Array(buffer, 0, buffer.byteLength >>> 2);
  const step = Math.max(1, Math.floor(words.length / SAMPLE_WORDS));
  let h = Math.imul(0x811c9dc5 ^ buffer.byteLength, 0x01000193);
  for (let i = 0; i < words.length; i += step) h = Math.imul(h ^ words[i]!, 0x01000193);
  if (words.length) h = Math.imul(h ^ words[words.length - 1]!, 0x01000193);
  return h >>> 0;
}

const kindOf = (v: unknown): Kind | undefined => (Object.keys(KINDS) as Kind[]).find((k) => v instanceof KINDS[k]);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

export function packArrays(fields: Fields): PackedArrays {
  const flat: Array<[string, Field]> = [];
  for (const [name, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (kindOf(v) || isStrings(v)) flat.push([name, v as Field]);
    else for (const [sub, w] of Object.entries(v)) flat.push([`${name}.${sub}`, w]);
  }
  const arrays: PackedArrays['arrays'] = {};
  const strings: PackedArrays['strings'] = {};
  let bytes = 0;
  for (const [name, v] of flat) {
    const kind = kindOf(v);
    if (kind) {
      arrays[name] = [kind, bytes, v.length];
      bytes += Math.ceil((v as TypedArray).byteLength / 8) * 8; // 8-byte aligned, for any kind's view
    } else if (isStrings(v)) strings[name] = v;
    else throw new Error(`cannot store field ${name}`);
  }
  const buffer = new ArrayBuffer(bytes);
  for (const [name, v] of flat) {
    const at = arrays[name];
    if (at) new Uint8Array(buffer, at[1]).set(new Uint8Array((v as TypedArray).buffer, (v as TypedArray).byteOffset, (v as TypedArray).byteLength));
  }
  return { buffer, arrays, strings, sample: checksum(buffer) };
}

/** The fields back (typed arrays as views on the one buffer), or why the value cannot be read. */
export function unpackArrays(value: unknown): { ok: true; fields: Fields } | { ok: false; reason: string } {
  const v = value as Partial<PackedArrays> | null;
  if (!v || typeof v !== 'object' || !(v.buffer instanceof ArrayBuffer) || !v.arrays || typeof v.arrays !== 'object' || !v.strings || typeof v.strings !== 'object') {
    return { ok: false, reason: 'stored arrays are corrupt' };
  }
  if (v.buffer.byteLength % 8 || checksum(v.buffer) !== v.sample) return { ok: false, reason: 'stored buffer is truncated or corrupt' };
  const fields: Fields = {};
  const put = (name: string, f: Field) => {
    const [outer, inner] = name.split('.', 2) as [string, string | undefined];
    if (inner === undefined) fields[outer] = f;
    else ((fields[outer] ??= {}) as Record<string, Field>)[inner] = f;
  };
  for (const [name, at] of Object.entries(v.arrays)) {
    const [kind, offset, length] = Array.isArray(at) ? at : [];
    const Ctor = typeof kind === 'string' && Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
    if (!Ctor || !Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset! < 0 || length! < 0 || offset! % 8) {
      return { ok: false, reason: `stored array ${name} is corrupt` };
    }
    if (offset! + length! * Ctor.BYTES_PER_ELEMENT > v.buffer.byteLength) return { ok: false, reason: `stored array ${name} is truncated` };
    put(name, new Ctor(v.buffer, offset, length));
  }
  for (const [name, list] of Object.entries(v.strings)) {
    if (!isStrings(list)) return { ok: false, reason: `stored strings ${name} are corrupt` };
    put(name, list);
  }
  return { ok: true, fields };
}
