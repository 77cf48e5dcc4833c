/** The pixel pipeline shared by the background, the offscreen document and the options page: fetch an image within limits, decode it, fingerprint it. */
export * from './pixels.js';
export * from './fetch-image.js';
export * from './limits.js';
