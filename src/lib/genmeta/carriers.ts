/** What the container readers hand to the record parsers: the metadata payloads found in one file, still raw. */
export interface Carriers {
  format: 'png' | 'jpeg' | 'webp';
  /** PNG text chunks (tEXt, zTXt, iTXt) in file order, already decompressed and decoded. */
  texts: Array<{ key: string; text: string }>;
  /** A TIFF structure (EXIF): JPEG APP1 "Exif", WebP EXIF chunk, PNG eXIf. */
  exif?: Uint8Array;
  /** The XMP packet as text. */
  xmp?: string;
  /** The C2PA manifest store as a JUMBF superbox, when it could be reassembled within the caps. */
  jumbf?: Uint8Array;
  /** A C2PA manifest store is present (even if too large or broken to read). */
  c2pa: boolean;
}

export const emptyCarriers = (format: Carriers['format']): Carriers => ({ format, texts: [], c2pa: false });
