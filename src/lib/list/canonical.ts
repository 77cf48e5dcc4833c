/**
 * The bytes a list signature covers: the list without its `signature` member, in the JSON Canonicalization Scheme
 * (RFC 8785: sorted keys, no whitespace, ECMAScript number and string forms), as UTF-8. The `canonicalize` package
 * is the RFC authors' implementation, held at 4.x because 5.x declares Node >= 22 and we support 20.19 (same
 * output; tests/unit/engines.test.ts keeps every locked package's engines within ours). It is applied to the
 * JSON as received, before validation trims or fills in anything, so what is verified is exactly what the
 * publisher signed.
 */
import canonicalize from 'canonicalize';
import { mapSliced } from '../time-slice.js';

export function signedBytes(listJson: unknown): Uint8Array {
  if (typeof listJson !== 'object' || listJson === null || Array.isArray(listJson)) throw new Error('a list is a JSON object');
  const rest: Record<string, unknown> = { ...(listJson as Record<string, unknown>) };
  delete rest.signature;
  const text = canonicalize(rest);
  if (text === undefined) throw new Error('list cannot be canonicalised');
  return new TextEncoder().encode(text);
}

/**
 * signedBytes for large lists (issue 19.6): the same bytes, with each top-level array (works, models) encoded
 * element by element in time slices. RFC 8785 encodes an array as its elements' encodings joined by commas and an
 * object as its members sorted by UTF-16 code units (what Array.prototype.sort does, and what `canonicalize`
 * does), so building the top level by hand gives exactly canonicalize's text.
 */
export async function signedBytesSliced(listJson: unknown): Promise<Uint8Array> {
  if (typeof listJson !== 'object' || listJson === null || Array.isArray(listJson)) throw new Error('a list is a JSON object');
  const rest: Record<string, unknown> = { ...(listJson as Record<string, unknown>) };
  delete rest.signature;
  const members: string[] = [];
  for (const key of Object.keys(rest).sort()) {
    const value = rest[key];
    const text = Array.isArray(value) ? `[${(await mapSliced(value, (item) => canonicalize(item) ?? 'null')).join(',')}]` : canonicalize(value);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return new TextEncoder().encode(`{${members.join(',')}}`);
}
