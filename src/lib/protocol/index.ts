/** The message tables: extension pages and content scripts to the background (valibot-checked), background to offscreen document, and the context-menu ids. Content scripts take their page table from lib/page. */
export * from './messages.js';
export * from './offscreen-protocol.js';
export * from './menu-ids.js';
export * from './stored-records.js';
export * from './list-op.js';
export * from './evidence-data.js';
export * from './list-job.js';
