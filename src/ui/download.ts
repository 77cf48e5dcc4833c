/** Offering a file to save from an extension page (options: keys, lists, backups; compare: a report and its PNG). */
import { h } from './dom.js';

/** Offers text or a blob as a file download; the object URL is released once the click has been handled. */
export function download(filename: string, data: string | Blob): void {
  const url = URL.createObjectURL(typeof data === 'string' ? new Blob([data], { type: 'application/json' }) : data);
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
