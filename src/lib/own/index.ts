/** The user's own registrations: input checks, schemas, batch import, Civitai model pages and model-file hashes. */
export * from './own-schemas.js';
export * from './own-input.js';
export * from './batch-import.js';
export * from './civitai.js';
export * from './model-hash.js';
