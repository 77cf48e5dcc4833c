/**
 * Receiving side of the message table. Checks, in order: the message names a known type, the sender may send it
 * (content scripts only submit images; everything else needs an extension page), and the payload fits the
 * type's schema. Handlers never throw across contexts: every reply is {ok, value} or {ok: false, error}.
 */
import * as v from 'valibot';
import type { Runtime } from '../browser.js';
import { MESSAGES, type MessageName, type Request, type Response, type Result } from '../lib/protocol/index.js';

export type Handlers = {
  [K in MessageName]: (request: Request<K>, sender: Runtime.MessageSender) => Promise<Response<K>>;
};

/** True when the sender is one of this extension's own pages (popup, options, welcome), not a content script. */
export function isExtensionPage(sender: Runtime.MessageSender, ownId: string, ownBaseUrl: string): boolean {
  return sender.id === ownId && typeof sender.url === 'string' && sender.url.startsWith(ownBaseUrl);
}

export type Checked = { ok: true; type: MessageName; payload: unknown } | { ok: false; error: string };

/** The checks every message passes, whether it came by sendMessage or over a port (list-port.ts). */
export function checkMessage(message: unknown, fromExtensionPage: boolean): Checked {
  if (typeof message !== 'object' || message === null) return { ok: false, error: 'malformed message' };
  const { type, payload } = message as { type?: unknown; payload?: unknown };
  if (typeof type !== 'string' || !Object.hasOwn(MESSAGES, type)) return { ok: false, error: `unknown message type` };
  const spec = MESSAGES[type as MessageName];
  if (spec.access === 'extension' && !fromExtensionPage) {
    return { ok: false, error: `${type} may only be sent by the extension's own pages` };
  }
  const parsed = v.safeParse(spec.request, payload);
  if (!parsed.success) return { ok: false, error: `invalid ${type} request: ${parsed.issues[0]?.message ?? 'bad payload'}` };
  return { ok: true, type: type as MessageName, payload: parsed.output };
}

export async function dispatch(
  handlers: Handlers,
  message: unknown,
  sender: Runtime.MessageSender,
  fromExtensionPage: boolean,
): Promise<Result<unknown>> {
  const checked = checkMessage(message, fromExtensionPage);
  if (!checked.ok) return checked;
  const { type } = checked;
  try {
    const handler = handlers[type] as (r: unknown, s: Runtime.MessageSender) => Promise<unknown>;
    return { ok: true, value: await handler(checked.payload, sender) };
  } catch (e) {
    console.warn(`[License Lens] ${type} failed:`, e);
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
