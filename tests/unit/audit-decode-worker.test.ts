/** The audit's decoding thread builds the same query as `check` (core/node.ts): natural size included. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTask } from '../../src/cli/audit/decode-task.js';
import { Checker } from '../../src/core/checker.js';
import { reduceForHash } from '../../src/core/node.js';

const PHOTO = new URL('../../demo/images/chelsea.jpg', import.meta.url).pathname;

describe('audit decode worker', () => {
  it("gives the image's natural size with its query, the query check builds for the same bytes", async () => {
    const reply = await decodeTask({ id: 1, path: PHOTO });
    if (!reply.ok) throw new Error(reply.error);
    const bytes = new Uint8Array(readFileSync(PHOTO));
    expect(reply.query.size).toEqual({ width: 451, height: 300 });
    // The file's SHA-256 included, as the extension's query holds the hash of the bytes it fetched.
    expect(reply.query).toEqual(await new Checker({ creators: [], models: [], works: [] }, reduceForHash).query(bytes));
    expect(reply.query.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(reply).not.toHaveProperty('hash');
  });

  it('hashes the bytes it read when asked (the cache content key), the same SHA-256 as the file', async () => {
    const reply = await decodeTask({ id: 2, path: PHOTO, hash: true });
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.hash).toBe(createHash('sha256').update(readFileSync(PHOTO)).digest('hex'));
  });
});
