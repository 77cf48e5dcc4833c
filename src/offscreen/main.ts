/**
 * Chrome's offscreen scanning document, created on demand by background/offscreen.ts: it answers the worker's
 * 'scan' and 'thumb' requests (lib/offscreen-protocol.ts) and ignores every other runtime message (content
 * scripts' and pages' messages to the background reach every extension document, this one included).
 */
import browser, { type Runtime } from '../browser.js';
import { fromOwnExtension, isOffscreenRequest } from '../lib/offscreen-protocol.js';
import { failure, scanUrl, thumbUrl } from './scan-image.js';

const ownBase = browser.runtime.getURL('');

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (!isOffscreenRequest(message) || !fromOwnExtension(sender, browser.runtime.id, ownBase)) return undefined;
  return (message.op === 'scan' ? scanUrl(message.url) : thumbUrl(message.url)).catch(failure);
});
