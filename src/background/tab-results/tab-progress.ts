/**
 * `tab/progress`: every frame's scan progress in a tab, asked of each frame's content script (page-messaging.ts
 * learns the frames, or the caller names them: `tab/frames`). The popup's "waiting" count and the URL audit's "the
 * page is done" both read it, so there is one way of asking a tab's frames.
 */
import { frameIdsOf, sendToEveryFrame } from '../../page-messaging.js';
import type { Handlers } from '../dispatch.js';

export const progressHandlers: Pick<Handlers, 'tab/progress' | 'tab/frames'> = {
  'tab/progress': (req) => sendToEveryFrame(req.tabId, 'scan/progress', {}, req.frames),
  'tab/frames': (req) => frameIdsOf(req.tabId),
};
