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

export async function dispatch(
  handlers: Handlers,
  message: unknown,
  sender: Runtime.MessageSender,
  fromExtensionPage: boolean,
): Promise<Result<unknown>> {
  if (typeof message !== 'object' || message === null) return { ok: false, error: 'malformed message' };
  const { type, payload } = message as { type?: unknown; payload?: unknown };
  if (typeof type !== 'string' || !Object.hasOwn(MESSAGES, type)) return { ok: false, error: `unknown message type` };
  const spec = MESSAGES[type as MessageName];
  if (spec.access === 'extension' && !fromExtensionPage) {
    return { ok: false, error: `${type} may only be sent by the extension's own pages` };
  }
  const parsed = v.safeParse(spec.request, payload);
  if (!parsed.success) return { ok: false, error: `invalid ${type} request: ${parsed.issues[0]?.message ?? 'bad payload'}` };
  try {
    const handler = handlers[type as MessageName] as (r: unknown, s: Runtime.MessageSender) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.output, sender) };
  } catch (e) {
    console.warn(`[License Lens] ${type} failed:`, e);
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
