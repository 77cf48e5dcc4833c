/** Sending side of the message table, for content scripts and extension pages. */
import browser from './browser.js';
import type { MessageName, Request, Response, Result } from './lib/protocol/index.js';

export async function call<K extends MessageName>(type: K, payload: Request<K>): Promise<Result<Response<K>>> {
  try {
    const reply = (await browser.runtime.sendMessage({ type, payload })) as Result<Response<K>> | undefined;
    return reply ?? { ok: false, error: 'no reply from the background' };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Like call, but throws the error: for callers that show one message for any failure. */
export async function send<K extends MessageName>(type: K, payload: Request<K>): Promise<Response<K>> {
  const r = await call(type, payload);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
