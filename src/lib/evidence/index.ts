/** Evidence a creator can act on (issue 22.5): the report record and its digest, its check against a signed list, and its words. */
export * from './record.js';
export * from './verify.js';
export * from './words.js';
