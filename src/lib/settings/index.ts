/** The settings item (key, version, defaults, plain check) over any storage area. Free of valibot: content imports it. */
export * from './settings-item.js';
