/**
 * The text a publisher puts online, and whether it keeps the size rule (schema.ts MAX_LIST_BYTES). signList checks
 * it before signing, so neither the CLI nor the options page's export ever signs a list subscribers would refuse,
 * and the refusal says how many of the works fit.
 */
import { MAX_LIST_BYTES, utf8Length, type LicenseList, type UnsignedList } from './schema.js';

/** Pretty-printed (whitespace is not signed, so any formatting verifies). */
export function listText(list: LicenseList): string {
  return `${JSON.stringify(list, null, 2)}\n`;
}

/** A stand-in signature: the real one has the same length (86 base64url characters). */
const SIGNATURE_STANDIN = { alg: 'Ed25519', value: 'A'.repeat(86) } as const;

/**
 * Bytes one work adds to listText's works array: its own pretty text indented 4 more spaces per line, the newline
 * before it and the comma after (tests/unit/list-size.test.ts checks the sum against listText).
 */
function workBytes(work: UnsignedList['works'][number]): number {
  const s = JSON.stringify(work, null, 2);
  let lines = 1;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) lines++;
  return utf8Length(s) + 4 * lines + 2;
}

export interface ListFit {
  /** Bytes of the signed list's text. */
  bytes: number;
  /** How many of the works, in order, fit in MAX_LIST_BYTES with everything else of the list. */
  worksThatFit: number;
}

export function listFit(list: UnsignedList): ListFit {
  const empty = utf8Length(listText({ ...list, works: [], signature: SIGNATURE_STANDIN } as LicenseList));
  if (!list.works.length) return { bytes: empty, worksThatFit: 0 };
  let bytes = empty + 2;
  let worksThatFit = 0;
  for (const w of list.works) {
    bytes += workBytes(w);
    if (bytes <= MAX_LIST_BYTES) worksThatFit++;
  }
  return { bytes, worksThatFit };
}

/** Bytes as megabytes (2^20) with one decimal, as the size messages say them. */
export const megabytes = (n: number): string => (n / 1048576).toFixed(1);

/** The refusal, or undefined when the list keeps the size rule. */
export function tooLarge(list: UnsignedList): string | undefined {
  const { bytes, worksThatFit } = listFit(list);
  if (bytes <= MAX_LIST_BYTES) return undefined;
  return (
    `the list would be ${megabytes(bytes)} MB, over the ${megabytes(MAX_LIST_BYTES)} MB subscribers accept: ` +
    `${worksThatFit.toLocaleString('en-US')} of its ${list.works.length.toLocaleString('en-US')} works fit. ` +
    `Publish the works as several lists of at most ${worksThatFit.toLocaleString('en-US')}, each with its own list id`
  );
}
