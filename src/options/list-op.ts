/**
 * The options page's end of the list-operation port (lib/protocol/list-op.ts): sends the operation, pings while it runs so
 * the browser keeps the background alive, reports each phase, and when the port closes without a result (the
 * browser stopped the background), asks the next background what became of the operation.
 */
import browser from '../browser.js';
import { LIST_OP_KEEPALIVE_MS, LIST_OP_PORT, LIST_OP_SILENCE_MS, type ListOpName, type ListOpReply, type ListPhase, type MessageName, type Request, type Response, type Result } from '../lib/protocol/index.js';
import { call } from '../messaging.js';

/** A background that stopped mid-operation finished it on its next start (a removal, or a stored edition). */
export class FinishedAfterRestart extends Error {}

export function runListOp<K extends ListOpName>(type: K, payload: Request<K>, onPhase: (p: ListPhase) => void): Promise<Response<K>> {
  return new Promise<Response<K>>((resolve, reject) => {
    const port = browser.runtime.connect({ name: LIST_OP_PORT });
    let op: string | undefined;
    let settled = false;
    const settle = () => {
      settled = true;
      clearInterval(ping);
    };
    const lost = () => {
      if (settled) return;
      settle();
      void afterLoss(op).then(reject, reject);
    };
    let heard = Date.now();
    const ping = setInterval(() => {
      if (Date.now() - heard > LIST_OP_SILENCE_MS) {
        port.disconnect();
        return lost();
      }
      try {
        port.postMessage({ ping: true });
      } catch {
        lost(); // the port closed without telling onDisconnect
      }
    }, LIST_OP_KEEPALIVE_MS);
    port.onMessage.addListener((message: unknown) => {
      const m = message as ListOpReply<K>;
      heard = Date.now();
      if ('op' in m) op = m.op;
      else if ('phase' in m) onPhase(m.phase);
      else if ('result' in m) {
        settle();
        port.disconnect();
        if (m.result.ok) resolve(m.result.value);
        else reject(new Error(m.result.error));
      }
    });
    port.onDisconnect.addListener(lost);
    port.postMessage({ type, payload });
  });
}

/** The error to show for an operation whose port closed without a result. */
async function afterLoss(op: string | undefined): Promise<Error> {
  const lost = "the extension's background stopped before the operation finished";
  if (!op) return new Error(`${lost}; nothing was changed. Try again.`);
  const outcome = await sendPatiently('lists/op-result', { id: op });
  if (outcome.state === 'interrupted') return new Error(outcome.error);
  if (outcome.state === 'completed') return new FinishedAfterRestart();
  return new Error(`${lost}; reload this page to see the lists as they are now`);
}

/**
 * A message to a background that may be restarting: Firefox refuses messages while it reloads its event page
 * ("Receiving end does not exist"), so ask again for a few seconds before giving up.
 */
export async function sendPatiently<K extends MessageName>(type: K, payload: Request<K>): Promise<Response<K>> {
  let last: Result<Response<K>> = { ok: false, error: 'not sent' };
  const unreachable = (r: Result<unknown>) => !r.ok && /Receiving end does not exist|Could not establish connection|no reply from the background/i.test(r.error);
  for (let attempt = 0; attempt < 20; attempt++) {
    if (attempt) await new Promise((done) => setTimeout(done, 250));
    last = await call(type, payload);
    // Only an unreachable background is asked again: a handler's own error is the answer.
    if (!unreachable(last)) break;
  }
  if (!last.ok) throw new Error(last.error);
  return last.value;
}
