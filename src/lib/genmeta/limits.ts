/**
 * Caps that keep every reader bounded whatever a hostile file declares: the readers skip what exceeds them
 * instead of allocating or recursing further. Figures are far above what real tools write (an A1111 `parameters`
 * chunk is a few kB, a large ComfyUI workflow a few hundred kB, a C2PA manifest store tens of kB).
 */
export const GENMETA_LIMITS = {
  /** A text chunk (or EXIF/XMP/JUMBF payload) longer than this is not read at all. */
  maxChunkBytes: 8 * 1024 * 1024,
  /** Output of inflating one compressed chunk stops here (a zlib bomb gives a skipped chunk, not 1 GB). */
  maxInflatedBytes: 4 * 1024 * 1024,
  /** Text handed to JSON.parse; longer JSON is not parsed. */
  maxJsonChars: 4 * 1024 * 1024,
  /** Nesting depth checked before JSON.parse and followed by the CBOR reader. */
  maxDepth: 64,
  /** Container entries (PNG chunks, JPEG segments, RIFF chunks, JUMBF boxes) walked per file. */
  maxEntries: 10_000,
  /** Characters kept of a prompt or other free text (records are kept per tab in storage.session, 10 MB in Chrome). */
  maxTextChars: 2_000,
  /** Characters kept of a model or LoRA name. */
  maxNameChars: 300,
  /** LoRAs and extra models kept per record. */
  maxItems: 20,
} as const;
