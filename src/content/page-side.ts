/**
 * The content script's answers to the extension (page-message table): what was right-clicked, the check card,
 * and "Show on page". Installed with one call from index.ts.
 */
import { onPageMessages } from '../page-messaging.js';
import { cardState, showCard } from './page-ui/card.js';
import { elementShowing, installContextTarget, lastElement, lastTarget } from './page-ui/context-target.js';
import { highlight } from './page-ui/highlight.js';
import { readInline } from './scan/inline.js';
import { scanProgress } from './scan/scanner.js';

export function installPageSide(): void {
  installContextTarget();
  onPageMessages({
    'target/get': () => lastTarget(),
    'card/show': (content) => {
      // Only the frame that was right-clicked draws the card (other frames have no recorded element). A script
      // injected after the click (background/right-click/inject.ts) saw no right-click: it finds the image by its URL.
      const near = lastElement() ?? elementShowing(content.state === 'result' ? content.result.url : content.url);
      if (!near && window !== window.top) return { shown: false };
      showCard(content, near);
      return { shown: true };
    },
    'card/state': () => cardState(),
    'image/highlight': ({ url }) => highlight(url),
    // Only http(s) here: the background asks after its own fetch failed for lack of host access.
    'image/read': async ({ url }) => (/^https?:/i.test(url) ? { data: (await readInline(url))?.data } : {}),
    'scan/progress': () => scanProgress(),
  });
}
