/** What the content script needs about the page: image URL discovery, inline image keys, per-site page settings, the page-message table; and the URL guard and host access the background applies to page URLs; the deadline both sides put on their waits; a stored not-checked reason in the UI's language. Free of valibot: the content script imports this face. */
export * from './image-urls.js';
export * from './css-url.js';
export * from './inline-key.js';
export * from './page-settings.js';
export * from './page-messages.js';
export * from './url-guard.js';
export * from './host-access.js';
export * from './deadline.js';
export * from './reason-text.js';
