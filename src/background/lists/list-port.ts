/**
 * The background end of the list-operation port (lib/protocol/list-op.ts): the first message is the operation, checked
 * like any message (dispatch.ts); later ones are the page's pings, whose arrival alone keeps the background alive.
 * Registered at top level in index.ts.
 */
import browser, { type Runtime } from '../../browser.js';
import { LIST_OP_PORT, LIST_OPS, type ListOpName, type ListOpReply, type Request } from '../../lib/protocol/index.js';
import { checkMessage, isExtensionPage } from '../dispatch.js';
import { runListOp } from './list-ops.js';
import { isUnloading } from '../unloading.js';

const ownBase = browser.runtime.getURL('');

export function onListPort(port: Runtime.Port): void {
  if (port.name !== LIST_OP_PORT) return;
  if (!port.sender || !isExtensionPage(port.sender, browser.runtime.id, ownBase)) return port.disconnect();
  let open = true;
  let started = false;
  port.onDisconnect.addListener(() => (open = false));
  // The page may have gone: the operation still finishes, its replies go nowhere.
  const post = (m: ListOpReply) => {
    if (open) port.postMessage(m);
  };
  port.onMessage.addListener((message: unknown) => {
    if ((message as { ping?: unknown } | null)?.ping) return post({ pong: true });
    if (started) return;
    started = true;
    const checked = checkMessage(message, true);
    if (!checked.ok) return post({ result: checked });
    if (!(LIST_OPS as readonly string[]).includes(checked.type)) return post({ result: { ok: false, error: `${checked.type} is not a list operation` } });
    const type = checked.type as ListOpName;
    runListOp(type, checked.payload as Request<ListOpName>, { started: (op) => post({ op }), phase: (phase) => post({ phase }) }).then(
      (value) => post({ result: { ok: true, value } }),
      // Failing because the page unloads (unloading.ts) says nothing about the list: the page asks the next background.
      (e: unknown) => isUnloading() || post({ result: { ok: false, error: e instanceof Error ? e.message : String(e) } }),
    );
  });
}
