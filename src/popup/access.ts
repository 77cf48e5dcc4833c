/** Popup: says when the extension lacks host access (no page scan) and offers to grant it. */
import { mountAccessNotice } from '../ui/access-notice.js';

export function mountAccess(doc: Document): Promise<void> {
  return mountAccessNotice({
    box: doc.getElementById('access')!,
    status: doc.getElementById('access-status')!,
    button: doc.getElementById('access-grant') as HTMLButtonElement,
    hideWhenGranted: true,
  });
}
