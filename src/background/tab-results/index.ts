/**
 * Per-tab scan results and presence lists, kept in storage.session (survive a stopped worker, gone with the session).
 * The background's one door to them; the stores themselves are plain modules tested in Node.
 */
export * from './session-results.js';
export * from './session-presence.js';
export * from './tab-progress.js';
