/**
 * Settings changes reach pages already open at once: every frame's content script watches the settings item in
 * storage.local (src/settings-local.ts), the same copy the background reads and writes.
 */
import { pageEffect } from '../lib/page/index.js';
import { settings } from '../settings-local.js';

export function watchPageSettings(apply: (effect: { paused: boolean; marks: boolean }) => void): void {
  settings.watch((s) => apply(pageEffect(s, location.href)));
}
