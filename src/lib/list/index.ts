/** Published lists: the signed list format (schema, canonical form, Ed25519 signing), fetching, and conversion to and from registry records (conflicting claims between lists are in lib/license). */
export * from './schema.js';
export * from './report-channel.js';
export * from './canonical.js';
export * from './ed25519.js';
export * from './sign.js';
export * from './text.js';
export * from './fetch.js';
export * from './to-registry.js';
export * from './from-registry.js';
